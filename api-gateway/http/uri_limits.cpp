#include "http/uri_limits.h"

#include <cctype>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "problem/problem_json.h"

namespace champion::gateway {
namespace {

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// The length of `text` once percent-decoded ("%41" counts one byte).
size_t DecodedLength(std::string_view text) {
  size_t length = 0;
  for (size_t i = 0; i < text.size(); ++length) {
    const bool escape =
        text[i] == '%' && i + 2 < text.size() && IsHex(text[i + 1]) && IsHex(text[i + 2]);
    i += escape ? 3 : 1;
  }
  return length;
}

}  // namespace

std::optional<std::string> CheckUriLimits(std::string_view path, std::string_view query,
                                          size_t max_bytes) {
  for (absl::string_view segment :
       absl::StrSplit(absl::string_view(path.data(), path.size()), '/')) {
    if (DecodedLength(std::string_view(segment.data(), segment.size())) > max_bytes) {
      return absl::StrCat("a path segment is longer than ", max_bytes, " bytes");
    }
  }
  for (absl::string_view item :
       absl::StrSplit(absl::string_view(query.data(), query.size()), '&')) {
    const size_t eq = item.find('=');
    const absl::string_view name = item.substr(0, eq);
    const absl::string_view value = eq == absl::string_view::npos ? "" : item.substr(eq + 1);
    if (DecodedLength(std::string_view(name.data(), name.size())) > max_bytes) {
      return absl::StrCat("a query parameter name is longer than ", max_bytes, " bytes");
    }
    if (DecodedLength(std::string_view(value.data(), value.size())) > max_bytes) {
      return absl::StrCat("query parameter \"",
                          TruncateForClient(std::string_view(name.data(), name.size())),
                          "\" is longer than ", max_bytes, " bytes");
    }
  }
  return std::nullopt;
}

}  // namespace champion::gateway
