#include "common/auth/jwt_verifier.h"

#include <catch2/catch.hpp>

#include "absl/strings/str_split.h"
#include "jwt_test_keys.h"

namespace champion::auth {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

nlohmann::json Claims() {
  return {{"iss", "https://id.example"}, {"aud", "champion"},
          {"sub", "svc-planner"},        {"exp", 1'800'000'600},
          {"nbf", 1'799'999'000},        {"scope", "openid runs:read runs:write"}};
}

JwtVerifier Verifier(const std::vector<testing::TestKey>& keys) {
  std::string pem;
  for (const auto& key : keys) pem += key.public_pem;
  auto parsed = ParsePublicKeys(pem);
  REQUIRE(parsed.ok());
  auto verifier = JwtVerifier::Create(*parsed, {"https://id.example", "champion"});
  REQUIRE(verifier.ok());
  return *std::move(verifier);
}

std::string Refusal(const JwtVerifier& verifier, const std::string& token, absl::Time now = kNow) {
  auto identity = verifier.Verify(token, now);
  REQUIRE_FALSE(identity.ok());
  CHECK(identity.status().code() == absl::StatusCode::kUnauthenticated);
  return std::string(identity.status().message());
}

}  // namespace

TEST_CASE("RS256 and ES256 tokens yield the subject and the known scopes", "[unit][auth]") {
  const auto rsa = testing::NewRsaKey();
  const auto ec = testing::NewEcKey();
  const JwtVerifier verifier = Verifier({rsa, ec});
  for (const auto& [key, alg] : {std::pair{rsa, "RS256"}, std::pair{ec, "ES256"}}) {
    auto identity = verifier.Verify(testing::SignJwt(key, alg, Claims()), kNow);
    REQUIRE(identity.ok());
    CHECK(identity->kind == Identity::Kind::kJwt);
    CHECK(identity->Key() == "jwt:svc-planner");
    CHECK(identity->scopes.Names() == std::vector<std::string>{"runs:read", "runs:write"});
    CHECK(identity->expires_at == absl::FromUnixSeconds(1'800'000'600));
  }
}

TEST_CASE("An audience list containing ours is accepted", "[unit][auth]") {
  const auto key = testing::NewEcKey();
  auto claims = Claims();
  claims["aud"] = {"other", "champion"};
  CHECK(Verifier({key}).Verify(testing::SignJwt(key, "ES256", claims), kNow).ok());
}

TEST_CASE("A JWKS key is picked by kid", "[unit][auth]") {
  const auto first = testing::NewRsaKey();
  const auto second = testing::NewRsaKey();
  nlohmann::json jwks = {{"keys", {first.jwk, second.jwk}}};
  jwks["keys"][0]["kid"] = "k1";
  jwks["keys"][1]["kid"] = "k2";
  auto keys = ParsePublicKeys(jwks.dump());
  REQUIRE(keys.ok());
  auto verifier = JwtVerifier::Create(*keys, {"https://id.example", "champion"});
  REQUIRE(verifier.ok());
  CHECK(verifier->Verify(testing::SignJwt(second, "RS256", Claims(), "k2"), kNow).ok());
  // Signed by the second key but naming the first: the first key does not verify it.
  CHECK_THAT(Refusal(*verifier, testing::SignJwt(second, "RS256", Claims(), "k1")),
             Catch::Contains("signature"));
}

TEST_CASE("Claims are checked: issuer, audience, expiry, not-before, subject", "[unit][auth]") {
  const auto key = testing::NewEcKey();
  const JwtVerifier verifier = Verifier({key});
  auto with = [&](const char* name, nlohmann::json value) {
    auto claims = Claims();
    if (value.is_null()) {
      claims.erase(name);
    } else {
      claims[name] = value;
    }
    return testing::SignJwt(key, "ES256", claims);
  };
  CHECK_THAT(Refusal(verifier, with("iss", "https://evil.example")), Catch::Contains("issuer"));
  CHECK_THAT(Refusal(verifier, with("aud", "someone-else")), Catch::Contains("audience"));
  CHECK_THAT(Refusal(verifier, with("aud", nullptr)), Catch::Contains("audience"));
  CHECK_THAT(Refusal(verifier, with("exp", nullptr)), Catch::Contains("no expiry"));
  CHECK_THAT(Refusal(verifier, with("exp", "tomorrow")), Catch::Contains("no expiry"));
  CHECK_THAT(Refusal(verifier, with("exp", 1'799'999'900)), Catch::Contains("expired"));
  CHECK(verifier.Verify(with("exp", 1'799'999'960), kNow).ok());  // within the leeway
  CHECK_THAT(Refusal(verifier, with("nbf", 1'800'000'100)), Catch::Contains("not valid yet"));
  CHECK_THAT(Refusal(verifier, with("sub", nullptr)), Catch::Contains("subject"));
  CHECK_THAT(Refusal(verifier, with("sub", "two words")), Catch::Contains("printable"));
  auto no_scope = verifier.Verify(with("scope", nullptr), kNow);
  REQUIRE(no_scope.ok());
  CHECK(no_scope->scopes.empty());
}

TEST_CASE("Forged tokens are refused", "[unit][auth]") {
  const auto key = testing::NewRsaKey();
  const auto stranger = testing::NewRsaKey();
  const JwtVerifier verifier = Verifier({key});
  const std::string good = testing::SignJwt(key, "RS256", Claims());
  std::vector<std::string> parts = absl::StrSplit(good, '.');

  SECTION("signed by another key") {
    CHECK_THAT(Refusal(verifier, testing::SignJwt(stranger, "RS256", Claims())),
               Catch::Contains("signature"));
  }
  SECTION("claims changed after signing") {
    auto claims = Claims();
    claims["scope"] = "admin";
    const std::string tampered = testing::UnsignedJwt({{"alg", "RS256"}, {"typ", "JWT"}}, claims);
    CHECK_THAT(Refusal(verifier, tampered + parts[2]), Catch::Contains("signature"));
  }
  SECTION("alg none") {
    CHECK_THAT(Refusal(verifier, testing::UnsignedJwt({{"alg", "none"}}, Claims())),
               Catch::Contains("RS256 or ES256"));
  }
  SECTION("HS256 keyed with the public key (key confusion)") {
    CHECK_THAT(Refusal(verifier, testing::Hs256Jwt(key.public_pem, Claims())),
               Catch::Contains("RS256 or ES256"));
  }
  SECTION("ES256 header on an RSA-signed token") {
    const std::string header = testing::UnsignedJwt({{"alg", "ES256"}}, Claims());
    std::vector<std::string> forged = absl::StrSplit(header, '.');
    CHECK_THAT(Refusal(verifier, forged[0] + "." + parts[1] + "." + parts[2]),
               Catch::Contains("signature"));
  }
  SECTION("malformed") {
    CHECK_THAT(Refusal(verifier, "a.b"), Catch::Contains("not a JWT"));
    CHECK_THAT(Refusal(verifier, "a.b.c.d"), Catch::Contains("not a JWT"));
    CHECK_THAT(Refusal(verifier, "%%%.b.c"), Catch::Contains("not a JWT"));
    CHECK_THAT(Refusal(verifier, "bm90IGpzb24.e30.x"), Catch::Contains("header"));
    CHECK_THAT(Refusal(verifier, std::string(9000, 'a')), Catch::Contains("8192"));
    CHECK_THAT(Refusal(verifier, testing::UnsignedJwt({{"alg", "RS256"}, {"crit", {"x"}}}, Claims(),
                                                      parts[2])),
               Catch::Contains("critical"));
  }
}

TEST_CASE("A verifier needs keys, issuer and audience", "[unit][auth]") {
  auto keys = ParsePublicKeys(testing::NewEcKey().public_pem);
  REQUIRE(keys.ok());
  CHECK_FALSE(JwtVerifier::Create({}, {"i", "a"}).ok());
  CHECK_FALSE(JwtVerifier::Create(*keys, {"", "a"}).ok());
  CHECK_FALSE(JwtVerifier::Create(*keys, {"i", ""}).ok());
}

TEST_CASE("JWT shape", "[unit][auth]") {
  CHECK(LooksLikeJwt("eyJh.eyJz.c2ln"));
  CHECK(LooksLikeJwt("a.b."));
  CHECK_FALSE(LooksLikeJwt("9f86d081884c7d659a2feaa0c55ad015"));
  CHECK_FALSE(LooksLikeJwt("a.b.c.d"));
  CHECK_FALSE(LooksLikeJwt("a.b=.c"));
}

}  // namespace champion::auth
