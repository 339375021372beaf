#include "store/sql_values.h"

#include <array>
#include <charconv>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/iso_date.h"

namespace champion::store {

std::string FormatDecimal(double value) {
  std::array<char, 64> buffer{};
  auto [end, ec] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
  // 64 characters hold any fixed-format double we store (quantities and prices far below
  // 1e40); fall back to the general format otherwise.
  if (ec != std::errc()) {
    end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value).ptr;
  }
  return std::string(buffer.data(), end);
}

std::string FormatDate(absl::CivilDay day) { return FormatIsoDate(day); }

absl::StatusOr<absl::CivilDay> ParseDate(std::string_view text) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(std::string(text), &day)) {
    return absl::InternalError(
        absl::StrCat("unexpected date from the database: ", std::string(text)));
  }
  return day;
}

}  // namespace champion::store
