#include "common/auth/public_keys.h"

#include <catch2/catch.hpp>

#include "jwt_test_keys.h"

namespace champion::auth {

TEST_CASE("A PEM file may hold several RSA and P-256 keys", "[unit][auth]") {
  const auto rsa = testing::NewRsaKey();
  const auto ec = testing::NewEcKey();
  auto keys = ParsePublicKeys(rsa.public_pem + "\n" + ec.public_pem);
  REQUIRE(keys.ok());
  REQUIRE(keys->size() == 2);
  CHECK((*keys)[0].type == PublicKey::Type::kRsa);
  CHECK((*keys)[1].type == PublicKey::Type::kEcP256);
  CHECK((*keys)[0].pem == rsa.public_pem);
  CHECK((*keys)[1].pem == ec.public_pem);
}

TEST_CASE("A JWKS yields the same keys as their PEM", "[unit][auth]") {
  const auto rsa = testing::NewRsaKey();
  const auto ec = testing::NewEcKey();
  nlohmann::json jwks = {{"keys",
                          {rsa.jwk,
                           ec.jwk,
                           {{"kty", "RSA"}, {"use", "enc"}, {"n", "AQAB"}, {"e", "AQAB"}},
                           {{"kty", "oct"}, {"k", "c2VjcmV0"}}}}};
  jwks["keys"][0]["kid"] = "r1";
  auto keys = ParsePublicKeys(jwks.dump());
  REQUIRE(keys.ok());
  REQUIRE(keys->size() == 2);  // the encryption key and the symmetric key are skipped
  CHECK((*keys)[0].kid == "r1");
  CHECK((*keys)[0].pem == rsa.public_pem);
  CHECK((*keys)[1].pem == ec.public_pem);
}

TEST_CASE("Unusable key files are refused with a reason", "[unit][auth]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "no PEM public key"},
      {"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "no PEM public key"},
      {"{}", "\"keys\" array"},
      {"{\"keys\": [1]}", "object"},
      {"{\"keys\": []}", "no RSA or P-256"},
      {R"({"keys": [{"kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"}]})", "P-256"},
      {R"({"keys": [{"kty": "RSA", "n": 5, "e": "AQAB"}]})", "\"n\" is missing"},
      {R"({"keys": [{"kty": "RSA", "n": "AQAB", "e": "AQAB"}]})", ""},
      {R"({"keys": [{"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"}]})", "32-byte"},
      {"{ not json", "\"keys\" array"},
  };
  for (const auto& [text, expected] : cases) {
    INFO(text);
    auto keys = ParsePublicKeys(text);
    REQUIRE_FALSE(keys.ok());
    CHECK_THAT(std::string(keys.status().message()), Catch::Contains(expected));
  }
}

}  // namespace champion::auth
