#pragma once

// Internal to champion_store: opening and configuring PostgreSQL sessions.

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "soci/soci.h"

struct pg_conn;

namespace champion::store {

//! Validates a libpq conninfo (keyword=value or postgresql:// URI) and returns it in the
//! keyword=value form SOCI handles (SOCI mangles URIs, TOOLCHAIN.md fact 37).
//! Errors: InvalidArgument with libpq's reason (the conninfo itself is not echoed: it may carry
//! a password).
absl::StatusOr<std::string> NormalizeConninfo(std::string_view conninfo);

//! Per-connection settings every session gets: TimeZone=UTC, DateStyle=ISO, NOTICEs silenced.
//! Throws soci_error (callers are inside GuardSql).
void ConfigureSession(soci::session& sql);

//! Opens and configures a dedicated session. Errors: InvalidArgument (conninfo), Unavailable.
absl::StatusOr<std::unique_ptr<soci::session>> OpenSession(std::string_view conninfo);

//! The libpq connection under a SOCI PostgreSQL session (for COPY).
pg_conn* NativeConnection(soci::session& sql);

}  // namespace champion::store
