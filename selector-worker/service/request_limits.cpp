#include "service/request_limits.h"

#include "absl/strings/str_cat.h"

namespace champion::service {
namespace {

constexpr std::size_t kEchoBytes = 40;

}  // namespace

std::string Echo(std::string_view value) {
  std::string shown;
  for (char c : value.substr(0, kEchoBytes)) {
    // Control characters would break a log line or a terminal: show them as '?'.
    shown.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
  }
  if (value.size() <= kEchoBytes) return absl::StrCat("'", shown, "'");
  return absl::StrCat("'", shown, "…' (", value.size(), " bytes)");
}

bool IsPrintableAscii(std::string_view value) {
  for (char c : value) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace champion::service
