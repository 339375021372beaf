#pragma once

// Internal to champion_store: turns SOCI/libpq errors into absl::Status. soci exceptions never
// leave store/ (docs/CONVENTIONS.md rule 4).

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "soci/soci.h"

namespace champion::store {

//! Canonical code for a PostgreSQL SQLSTATE: 23505 -> AlreadyExists; other 23xxx and 22xxx ->
//! InvalidArgument; 08xxx, 57P0x, 53xxx and an empty state -> Unavailable; 40001/40P01 ->
//! Aborted; 57014 -> DeadlineExceeded; anything else (42xxx: a bug in our SQL) -> Internal.
absl::StatusCode CodeForSqlState(std::string_view sqlstate);

//! A Status for a SOCI exception; `context` says what was being done ("list stores"). Its
//! message names the operation and the kind of failure only; the server's own text (which can
//! quote values and statements) is attached with WithInternalDetail, for the logs.
absl::Status StatusFromSoci(const soci::soci_error& error, std::string_view context);

//! Runs `body` (returning absl::Status or absl::StatusOr<T>) and converts a soci_error thrown
//! by it into the matching Status.
template <typename Body>
auto GuardSql(std::string_view context, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const soci::soci_error& error) {
    return StatusFromSoci(error, context);
  }
}

}  // namespace champion::store
