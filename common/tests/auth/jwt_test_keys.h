#pragma once

// Test support: fresh signing keys and JWTs signed with them (libjwt), so verifier tests
// need no checked-in secrets.

#include <string>

#include "nlohmann/json.hpp"

namespace champion::auth::testing {

struct TestKey {
  std::string private_pem;
  std::string public_pem;
  nlohmann::json jwk;  //!< the public key as a JWK ("kty", "n"/"e" or "crv"/"x"/"y")
};

//! A new 2048-bit RSA key.
TestKey NewRsaKey();
//! A new P-256 key.
TestKey NewEcKey();

//! A compact JWT with `claims`, signed by `key` with "RS256" or "ES256"; `kid` goes into
//! the header when not empty.
std::string SignJwt(const TestKey& key, const std::string& alg, const nlohmann::json& claims,
                    const std::string& kid = "");

//! A JWT whose header is `header` and payload `claims` with an arbitrary signature part
//! (forgeries: alg none, HS256 with a public key as secret, ...).
std::string UnsignedJwt(const nlohmann::json& header, const nlohmann::json& claims,
                        const std::string& signature = "");

//! HS256 over header.payload with `secret` (the classic key-confusion forgery).
std::string Hs256Jwt(const std::string& secret, const nlohmann::json& claims);

}  // namespace champion::auth::testing
