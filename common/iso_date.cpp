#include "common/iso_date.h"

#include <charconv>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace champion {
namespace {

constexpr std::size_t kQuoteBytes = 40;

std::string Quoted(std::string_view text) {
  if (text.size() <= kQuoteBytes) return absl::StrCat("'", std::string(text), "'");
  return absl::StrCat("'", std::string(text.substr(0, kQuoteBytes)), "…'");
}

// The digits at [pos, pos + len), all of them digits (no sign, no spaces).
std::optional<int> Digits(std::string_view s, std::size_t pos, std::size_t len) {
  int value = 0;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

}  // namespace

absl::StatusOr<absl::CivilDay> ParseIsoDate(std::string_view text) {
  std::optional<int> y, m, d;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    y = Digits(text, 0, 4);
    m = Digits(text, 5, 2);
    d = Digits(text, 8, 2);
  }
  if (!y || !m || !d) {
    return absl::InvalidArgumentError(
        absl::StrCat(Quoted(text), " is not an ISO date (YYYY-MM-DD)"));
  }
  const absl::CivilDay day(*y, *m, *d);
  // CivilDay normalises out-of-range fields (Feb 30 -> Mar 1), so a round trip proves validity.
  if (day.year() != *y || day.month() != *m || day.day() != *d) {
    return absl::InvalidArgumentError(absl::StrCat(Quoted(text), " is not a calendar date"));
  }
  if (day < kMinDate || day > kMaxDate) {
    return absl::InvalidArgumentError(absl::StrCat(Quoted(text), " is outside the accepted range ",
                                                   FormatIsoDate(kMinDate), "..",
                                                   FormatIsoDate(kMaxDate)));
  }
  return day;
}

std::string FormatIsoDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

}  // namespace champion
