#pragma once

// Internal to champion_store: text forms of values bound to or read from SQL.

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace champion::store {

//! Shortest decimal text that round-trips the double ("0.1", "12", "2.49"). Bound as text and
//! cast to numeric, because SOCI binds doubles with 20 significant digits
//! (0.1 -> 0.10000000000000000555).
std::string FormatDecimal(double value);

//! "YYYY-MM-DD".
std::string FormatDate(absl::CivilDay day);

//! Parses "YYYY-MM-DD" as PostgreSQL prints a date under DateStyle ISO.
//! Errors: Internal (the database returned something unexpected).
absl::StatusOr<absl::CivilDay> ParseDate(std::string_view text);

}  // namespace champion::store
