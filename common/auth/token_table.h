#pragma once

// API tokens: a tokens file names each token, gives its scopes and the SHA-256 of the
// token, never the token itself. One token per line:
//
//   # name     sha256 of the token (64 hex digits)                           scopes
//   dashboard  9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 runs:read,data:read
//
// Blank lines and lines starting with '#' are ignored. Names are 1..64 characters of
// [A-Za-z0-9._@-]; scopes are comma-separated wire names (scopes.h). A new token:
//   token=$(openssl rand -hex 32); printf %s "$token" | sha256sum

#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/auth/identity.h"

namespace champion::auth {

//! Lower-case hex SHA-256 of `data` (OpenSSL).
std::string Sha256Hex(std::string_view data);

class TokenTable {
 public:
  //! Parses a tokens file. InvalidArgument naming the line (never echoing a hash) on a
  //! malformed line, an unknown scope, a token without scopes or a hash listed twice.
  static absl::StatusOr<TokenTable> Parse(std::string_view text);

  //! The identity of `token`, or nullopt when no line matches its hash.
  std::optional<Identity> Find(std::string_view token) const;

  size_t size() const { return by_hash_.size(); }

 private:
  absl::flat_hash_map<std::string, Identity> by_hash_;  // hex SHA-256 -> identity
};

}  // namespace champion::auth
