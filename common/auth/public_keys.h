#pragma once

// The public keys JWTs are verified against: a PEM file of one or more public keys
// ("-----BEGIN PUBLIC KEY-----"), or a JWKS document ({"keys": [...]}) as identity
// providers publish it. RSA keys (RS256, at least 2048 bits) and P-256 EC keys (ES256) are
// accepted; others are an error in a PEM file and skipped in a JWKS (which may list keys
// for other uses).

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace champion::auth {

struct PublicKey {
  enum class Type { kRsa, kEcP256 };
  Type type = Type::kRsa;
  //! The JWKS "kid"; empty for PEM keys (then every key of the right type is tried).
  std::string kid;
  //! SubjectPublicKeyInfo PEM, as the JWT library reads it.
  std::string pem;
};

//! Reads a PEM or JWKS text. InvalidArgument when it holds no usable key or is malformed.
absl::StatusOr<std::vector<PublicKey>> ParsePublicKeys(std::string_view text);

}  // namespace champion::auth
