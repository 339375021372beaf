#pragma once

// Verifies JWT access tokens as OIDC environments issue them to services: signed RS256 or
// ES256 by a key in a local PEM/JWKS file (libjwt checks the signature), with issuer,
// audience, expiry and not-before checked here, the identity from `sub` and the scopes
// from the space-separated `scope` claim. Any other algorithm ("none", HS256, ...) is
// refused before a key is touched, so a public key can never be used as an HMAC secret.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/identity.h"
#include "common/auth/public_keys.h"

namespace champion::auth {

struct JwtSettings {
  std::string issuer;    //!< required `iss`
  std::string audience;  //!< must be `aud` or one of its entries
  //! Clock skew tolerated on `exp` and `nbf`.
  absl::Duration leeway = absl::Seconds(60);
};

//! Largest token accepted, bytes.
inline constexpr size_t kMaxJwtBytes = 8192;

class JwtVerifier {
 public:
  //! InvalidArgument without keys, issuer or audience.
  static absl::StatusOr<JwtVerifier> Create(std::vector<PublicKey> keys, JwtSettings settings);

  //! The caller's identity, or Unauthenticated with a reason that never repeats the token
  //! ("expired", "wrong audience", "bad signature", ...).
  absl::StatusOr<Identity> Verify(std::string_view token, absl::Time now) const;

 private:
  JwtVerifier(std::vector<PublicKey> keys, JwtSettings settings)
      : keys_(std::move(keys)), settings_(std::move(settings)) {}

  std::vector<PublicKey> keys_;
  JwtSettings settings_;
};

//! True when `token` has the shape of a JWT (three base64url parts), i.e. it should be
//! verified as one rather than looked up as an API token.
bool LooksLikeJwt(std::string_view token);

}  // namespace champion::auth
