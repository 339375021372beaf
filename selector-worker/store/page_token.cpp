#include "store/page_token.h"

#include <charconv>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace champion::store {

std::string EncodePageToken(std::string_view kind, int64_t last_id) {
  return absl::WebSafeBase64Escape(absl::StrCat(std::string(kind), ":", last_id));
}

absl::StatusOr<int64_t> DecodePageToken(std::string_view kind, std::string_view token) {
  if (token.empty()) return 0;
  const absl::Status invalid = absl::InvalidArgumentError("invalid page_token");
  std::string decoded;
  if (!absl::WebSafeBase64Unescape(std::string(token), &decoded)) return invalid;
  const std::string prefix = absl::StrCat(std::string(kind), ":");
  if (decoded.size() <= prefix.size() || decoded.compare(0, prefix.size(), prefix) != 0) {
    return invalid;
  }
  int64_t id = 0;
  const char* begin = decoded.data() + prefix.size();
  const char* end = decoded.data() + decoded.size();
  auto [ptr, ec] = std::from_chars(begin, end, id);
  if (ec != std::errc() || ptr != end || id < 1) return invalid;
  return id;
}

}  // namespace champion::store
