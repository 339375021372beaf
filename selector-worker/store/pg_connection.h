#pragma once

// Internal to champion_store: opening and configuring PostgreSQL sessions.

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "soci/soci.h"
#include "store/conninfo.h"

struct pg_conn;

namespace champion::store {

//! Per-connection settings every session gets: TimeZone=UTC, DateStyle=ISO, NOTICEs silenced.
//! Throws soci_error (callers are inside GuardSql).
void ConfigureSession(soci::session& sql);

//! Opens and configures a dedicated session. Errors: InvalidArgument (conninfo), Unavailable.
absl::StatusOr<std::unique_ptr<soci::session>> OpenSession(std::string_view conninfo);

//! The libpq connection under a SOCI PostgreSQL session (for COPY).
pg_conn* NativeConnection(soci::session& sql);

}  // namespace champion::store
