#include "common/auth/authenticator.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace champion::auth {
namespace {

constexpr size_t kMaxCredentialFileBytes = 4 << 20;

absl::StatusOr<std::string> ReadSmallFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("cannot read the ", what, " ", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > kMaxCredentialFileBytes) {
    return absl::InvalidArgumentError(absl::StrCat("the ", what, " ", path, " exceeds 4 MiB"));
  }
  return text.str();
}

std::string Stamp(const std::string& path) {
  if (path.empty()) return "-";
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return "missing";
  return absl::StrCat(st.st_ino, ":", st.st_size, ":", st.st_mtim.tv_sec, ".", st.st_mtim.tv_nsec);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Authenticator>> Authenticator::Create(const AuthOptions& options) {
  if (!options.jwt_keys_file.empty() &&
      (options.jwt_issuer.empty() || options.jwt_audience.empty())) {
    return absl::InvalidArgumentError("JWT keys need a JWT issuer and audience");
  }
  std::unique_ptr<Authenticator> authenticator(new Authenticator(options));
  if (auto status = authenticator->Reload(); !status.ok()) return status;
  return authenticator;
}

absl::StatusOr<std::shared_ptr<const Authenticator::Credentials>> Authenticator::Load() const {
  auto credentials = std::make_shared<Credentials>();
  if (!options_.tokens_file.empty()) {
    auto text = ReadSmallFile(options_.tokens_file, "tokens file");
    if (!text.ok()) return text.status();
    auto tokens = TokenTable::Parse(*text);
    if (!tokens.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(options_.tokens_file, ": ", tokens.status().message()));
    }
    credentials->tokens = *std::move(tokens);
  }
  if (!options_.jwt_keys_file.empty()) {
    auto text = ReadSmallFile(options_.jwt_keys_file, "JWT keys file");
    if (!text.ok()) return text.status();
    auto keys = ParsePublicKeys(*text);
    if (!keys.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(options_.jwt_keys_file, ": ", keys.status().message()));
    }
    auto verifier = JwtVerifier::Create(
        *std::move(keys), {options_.jwt_issuer, options_.jwt_audience, options_.jwt_leeway});
    if (!verifier.ok()) return verifier.status();
    credentials->jwt = *std::move(verifier);
  }
  return credentials;
}

std::string Authenticator::Stamps() const {
  return absl::StrCat(Stamp(options_.tokens_file), "|", Stamp(options_.jwt_keys_file));
}

absl::Status Authenticator::Reload() {
  // Stamps first: a change while reading is seen by the next check.
  std::string stamps = Stamps();
  auto loaded = Load();
  absl::MutexLock lock(&mu_);
  if (!loaded.ok()) {
    // Remember the stamps anyway, so one bad edit is reported once, not every check.
    stamps_ = std::move(stamps);
    return loaded.status();
  }
  credentials_ = *std::move(loaded);
  stamps_ = std::move(stamps);
  return absl::OkStatus();
}

std::optional<absl::Status> Authenticator::ReloadIfChanged() {
  {
    absl::MutexLock lock(&mu_);
    if (Stamps() == stamps_) return std::nullopt;
  }
  return Reload();
}

std::shared_ptr<const Authenticator::Credentials> Authenticator::Current() const {
  absl::MutexLock lock(&mu_);
  return credentials_;
}

size_t Authenticator::token_count() const {
  auto credentials = Current();
  return credentials && credentials->tokens ? credentials->tokens->size() : 0;
}

absl::StatusOr<Identity> Authenticator::Authenticate(std::string_view authorization,
                                                     absl::Time now) const {
  if (authorization.empty()) {
    return absl::UnauthenticatedError("this call needs a bearer token (Authorization: Bearer ...)");
  }
  if (authorization.size() > kMaxAuthorizationBytes) {
    return absl::UnauthenticatedError("invalid token: the Authorization value is too long");
  }
  absl::string_view value(authorization.data(), authorization.size());
  if (value.size() < 7 || !absl::StartsWithIgnoreCase(value, "bearer ")) {
    return absl::UnauthenticatedError("the Authorization scheme must be Bearer");
  }
  value = absl::StripAsciiWhitespace(value.substr(7));
  if (value.empty()) return absl::UnauthenticatedError("the bearer token is empty");
  const std::string_view credential(value.data(), value.size());
  const std::shared_ptr<const Credentials> credentials = Current();
  if (credentials->jwt.has_value() && LooksLikeJwt(credential)) {
    return credentials->jwt->Verify(credential, now);
  }
  if (credentials->tokens.has_value()) {
    if (std::optional<Identity> identity = credentials->tokens->Find(credential)) {
      return *std::move(identity);
    }
  }
  return absl::UnauthenticatedError("invalid token: unknown or revoked");
}

absl::Status Authorize(const Identity& identity, Scope required) {
  if (identity.scopes.Has(required)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("this call needs the scope ", std::string(ScopeName(required)),
                   "; the credential of ", identity.Key(), " does not carry it"));
}

}  // namespace champion::auth
