#include "app/secret_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace champion::app {
namespace {

// A password or a token is short; a larger file is a wrong path, not a secret.
constexpr std::size_t kMaxSecretBytes = 64 * 1024;

}  // namespace

absl::StatusOr<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  std::string content;
  char buffer[4096];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
    content.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (content.size() > kMaxSecretBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, " is larger than ", kMaxSecretBytes, " bytes"));
    }
  }
  if (in.bad()) return absl::InvalidArgumentError(absl::StrCat("cannot read ", path));
  while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) {
    content.pop_back();
  }
  if (content.empty()) return absl::InvalidArgumentError(absl::StrCat(path, " is empty"));
  if (content.find('\0') != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(path, " holds a NUL byte"));
  }
  return content;
}

}  // namespace champion::app
