#pragma once

// Calendar dates on the wire, in files and in SQL: always the full ISO form YYYY-MM-DD, and
// only within the accepted range. One place parses and formats them; nothing else may.
//
// The range is explicit because an unpadded year is silently misread (PostgreSQL takes
// "25-01-15" for 2025-01-15) and a far-away year makes absurd series.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace champion {

//! The first and last day Champion accepts anywhere (inclusive).
inline constexpr absl::CivilDay kMinDate{1900, 1, 1};
inline constexpr absl::CivilDay kMaxDate{2199, 12, 31};

//! Strict YYYY-MM-DD (ten characters, digits and dashes), a real calendar date (2024-02-30
//! is an error, never normalised) within [kMinDate, kMaxDate]. InvalidArgument otherwise,
//! with a message that quotes a short prefix of `text` and says why.
absl::StatusOr<absl::CivilDay> ParseIsoDate(std::string_view text);

//! "YYYY-MM-DD", the year always four digits.
std::string FormatIsoDate(absl::CivilDay day);

}  // namespace champion
