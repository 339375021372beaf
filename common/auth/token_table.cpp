#include "common/auth/token_table.h"

#include <openssl/evp.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace champion::auth {
namespace {

constexpr size_t kMaxNameLength = 64;

bool IsValidName(absl::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '@' &&
        c != '-') {
      return false;
    }
  }
  return true;
}

bool IsSha256Hex(absl::string_view hash) {
  if (hash.size() != 64) return false;
  for (char c : hash) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status LineError(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("tokens file line ", line, ": ", what));
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    return "";
  }
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), length));
}

absl::StatusOr<TokenTable> TokenTable::Parse(std::string_view text) {
  TokenTable table;
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    ++number;
    const absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line.front() == '#') continue;
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (fields.size() != 3) {
      return LineError(number, "expected three fields: name, sha256 of the token, scopes");
    }
    if (!IsValidName(fields[0])) {
      return LineError(number, "the name must be 1..64 characters of [A-Za-z0-9._@-]");
    }
    if (!IsSha256Hex(fields[1])) {
      return LineError(number, "the second field must be a SHA-256 in 64 hex digits");
    }
    auto scopes = ScopeSet::Parse(std::string_view(fields[2].data(), fields[2].size()), true);
    if (!scopes.ok()) return LineError(number, scopes.status().message());
    if (scopes->empty()) return LineError(number, "no scopes");
    Identity identity{.kind = Identity::Kind::kApiToken,
                      .name = std::string(fields[0]),
                      .scopes = *scopes,
                      .expires_at = std::nullopt};
    if (!table.by_hash_.emplace(absl::AsciiStrToLower(fields[1]), std::move(identity)).second) {
      return LineError(number, "this hash is already listed on an earlier line");
    }
  }
  return table;
}

std::optional<Identity> TokenTable::Find(std::string_view token) const {
  // Looking up the hash, not the token, keeps lookups from leaking the token's bytes
  // through timing: an attacker controls the token, not its SHA-256.
  const auto it = by_hash_.find(Sha256Hex(token));
  if (it == by_hash_.end()) return std::nullopt;
  return it->second;
}

}  // namespace champion::auth
