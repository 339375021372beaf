#include "common/auth/authenticator.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "jwt_test_keys.h"

namespace champion::auth {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/champion-auth-XXXXXX";
    path_ = mkdtemp(pattern);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string path = path_ + "/" + name;
    // Write a new file and rename it over the old one, as editors and Kubernetes do.
    std::ofstream(path + ".tmp") << text;
    std::filesystem::rename(path + ".tmp", path);
    return path;
  }

 private:
  std::string path_;
};

std::string TokenLine(const std::string& name, const std::string& token,
                      const std::string& scopes) {
  return absl::StrCat(name, " ", Sha256Hex(token), " ", scopes, "\n");
}

absl::StatusCode CodeOf(const Authenticator& auth, const std::string& header) {
  return auth.Authenticate(header, kNow).status().code();
}

}  // namespace

TEST_CASE("Without files authentication is off", "[unit][auth]") {
  auto auth = Authenticator::Create({});
  REQUIRE(auth.ok());
  CHECK_FALSE((*auth)->enabled());
}

TEST_CASE("Bearer API tokens and JWTs both authenticate", "[unit][auth]") {
  TempDir dir;
  const auto key = testing::NewEcKey();
  auto auth = Authenticator::Create(
      {.tokens_file = dir.Write("tokens", TokenLine("dev", "s3cret", "admin,runs:read")),
       .jwt_keys_file = dir.Write("keys.pem", key.public_pem),
       .jwt_issuer = "iss",
       .jwt_audience = "champion"});
  REQUIRE(auth.ok());
  CHECK((*auth)->enabled());
  auto token = (*auth)->Authenticate("Bearer s3cret", kNow);
  REQUIRE(token.ok());
  CHECK(token->Key() == "token:dev");
  CHECK((*auth)->Authenticate("bearer   s3cret ", kNow).ok());
  const std::string jwt = testing::SignJwt(
      key, "ES256", {{"iss", "iss"}, {"aud", "champion"}, {"sub", "svc"}, {"exp", 1'800'000'100}});
  auto identity = (*auth)->Authenticate("Bearer " + jwt, kNow);
  REQUIRE(identity.ok());
  CHECK(identity->Key() == "jwt:svc");
}

TEST_CASE("Missing, malformed and unknown credentials are unauthenticated", "[unit][auth]") {
  TempDir dir;
  auto auth = Authenticator::Create(
      {.tokens_file = dir.Write("tokens", TokenLine("dev", "s3cret", "admin"))});
  REQUIRE(auth.ok());
  for (const std::string& header :
       std::vector<std::string>{"", "s3cret", "Basic czNjcmV0", "Bearer", "Bearer ", "Bearer wrong",
                                "Bearer " + std::string(9000, 'x')}) {
    INFO(header);
    CHECK(CodeOf(**auth, header) == absl::StatusCode::kUnauthenticated);
    CHECK_THAT(std::string((*auth)->Authenticate(header, kNow).status().message()),
               !Catch::Contains("s3cret"));
  }
  // Without JWT keys a JWT-shaped credential is just an unknown token.
  CHECK(CodeOf(**auth, "Bearer a.b.c") == absl::StatusCode::kUnauthenticated);
}

TEST_CASE("The tokens file is re-read when it changes, a broken edit keeps the old one",
          "[unit][auth]") {
  TempDir dir;
  const std::string path = dir.Write("tokens", TokenLine("old", "one", "runs:read"));
  auto created = Authenticator::Create({.tokens_file = path});
  REQUIRE(created.ok());
  Authenticator& auth = **created;
  CHECK_FALSE(auth.ReloadIfChanged().has_value());
  dir.Write("tokens", TokenLine("new", "two", "runs:read"));
  auto reloaded = auth.ReloadIfChanged();
  REQUIRE(reloaded.has_value());
  CHECK(reloaded->ok());
  CHECK(CodeOf(auth, "Bearer one") == absl::StatusCode::kUnauthenticated);  // revoked
  CHECK(auth.Authenticate("Bearer two", kNow).ok());

  dir.Write("tokens", "this is not a tokens file\n");
  auto broken = auth.ReloadIfChanged();
  REQUIRE(broken.has_value());
  CHECK(broken->code() == absl::StatusCode::kInvalidArgument);
  CHECK(auth.Authenticate("Bearer two", kNow).ok());  // still in force
  CHECK_FALSE(auth.ReloadIfChanged().has_value());    // reported once

  std::filesystem::remove(path);
  CHECK_FALSE(auth.Reload().ok());
  CHECK(auth.Authenticate("Bearer two", kNow).ok());
}

TEST_CASE("Start-up refuses unreadable or incomplete settings", "[unit][auth]") {
  TempDir dir;
  CHECK_FALSE(Authenticator::Create({.tokens_file = "/nonexistent/tokens"}).ok());
  CHECK_FALSE(Authenticator::Create({.tokens_file = dir.Write("t", "garbage\n")}).ok());
  const std::string keys = dir.Write("k.pem", testing::NewEcKey().public_pem);
  CHECK_FALSE(Authenticator::Create({.jwt_keys_file = keys}).ok());
  CHECK_FALSE(
      Authenticator::Create({.jwt_keys_file = keys, .jwt_issuer = "i", .jwt_audience = ""}).ok());
  CHECK(
      Authenticator::Create({.jwt_keys_file = keys, .jwt_issuer = "i", .jwt_audience = "a"}).ok());
}

TEST_CASE("Authorize names the missing scope", "[unit][auth]") {
  Identity reader{.kind = Identity::Kind::kApiToken, .name = "reader"};
  reader.scopes.Add(Scope::kRunsRead);
  CHECK(Authorize(reader, Scope::kRunsRead).ok());
  const absl::Status denied = Authorize(reader, Scope::kRunsWrite);
  CHECK(denied.code() == absl::StatusCode::kPermissionDenied);
  CHECK_THAT(std::string(denied.message()), Catch::Contains("runs:write"));
}

}  // namespace champion::auth
