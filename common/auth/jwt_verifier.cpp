#include "common/auth/jwt_verifier.h"

#include <jwt.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"

namespace champion::auth {
namespace {

using nlohmann::json;

absl::Status Refused(std::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("invalid token: ", std::string(why)));
}

bool IsBase64UrlChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

std::optional<json> DecodeJsonPart(std::string_view part) {
  std::string decoded;
  if (!absl::WebSafeBase64Unescape(absl::string_view(part.data(), part.size()), &decoded)) {
    return std::nullopt;
  }
  json doc = json::parse(decoded, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  return doc;
}

std::string StringMember(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// A NumericDate claim (seconds since the epoch; fractions allowed).
std::optional<absl::Time> TimeClaim(const json& claims, const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end() || !it->is_number()) return std::nullopt;
  const double seconds = it->get<double>();
  if (!std::isfinite(seconds) || std::abs(seconds) > 1e11) return std::nullopt;
  return absl::FromUnixMillis(static_cast<int64_t>(seconds * 1000));
}

bool AudienceMatches(const json& claims, const std::string& audience) {
  const auto it = claims.find("aud");
  if (it == claims.end()) return false;
  if (it->is_string()) return it->get<std::string>() == audience;
  if (!it->is_array()) return false;
  for (const json& entry : *it) {
    if (entry.is_string() && entry.get<std::string>() == audience) return true;
  }
  return false;
}

struct JwtFree {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};

// The claims of `token` when `key` verifies its signature under `alg`.
std::optional<json> VerifiedClaims(const std::string& token, const PublicKey& key, jwt_alg_t alg) {
  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, token.c_str(), reinterpret_cast<const unsigned char*>(key.pem.data()),
                 static_cast<int>(key.pem.size())) != 0) {
    return std::nullopt;
  }
  std::unique_ptr<jwt_t, JwtFree> jwt(raw);
  if (jwt_get_alg(jwt.get()) != alg) return std::nullopt;
  char* grants = jwt_get_grants_json(jwt.get(), nullptr);
  if (grants == nullptr) return std::nullopt;
  json claims = json::parse(grants, nullptr, /*allow_exceptions=*/false);
  std::free(grants);
  if (claims.is_discarded() || !claims.is_object()) return std::nullopt;
  return claims;
}

}  // namespace

bool LooksLikeJwt(std::string_view token) {
  int dots = 0;
  for (char c : token) {
    if (c == '.') {
      ++dots;
    } else if (!IsBase64UrlChar(c)) {
      return false;
    }
  }
  return dots == 2;
}

absl::StatusOr<JwtVerifier> JwtVerifier::Create(std::vector<PublicKey> keys, JwtSettings settings) {
  if (keys.empty()) return absl::InvalidArgumentError("JWT verification needs public keys");
  if (settings.issuer.empty()) return absl::InvalidArgumentError("JWT issuer is required");
  if (settings.audience.empty()) return absl::InvalidArgumentError("JWT audience is required");
  return JwtVerifier(std::move(keys), std::move(settings));
}

absl::StatusOr<Identity> JwtVerifier::Verify(std::string_view token, absl::Time now) const {
  if (token.size() > kMaxJwtBytes) return Refused("longer than 8192 bytes");
  if (!LooksLikeJwt(token)) return Refused("not a JWT");
  const std::vector<absl::string_view> parts =
      absl::StrSplit(absl::string_view(token.data(), token.size()), '.');
  const std::optional<json> header =
      DecodeJsonPart(std::string_view(parts[0].data(), parts[0].size()));
  if (!header.has_value()) return Refused("unreadable header");
  const std::string alg_name = StringMember(*header, "alg");
  PublicKey::Type type;
  jwt_alg_t alg;
  if (alg_name == "RS256") {
    type = PublicKey::Type::kRsa;
    alg = JWT_ALG_RS256;
  } else if (alg_name == "ES256") {
    type = PublicKey::Type::kEcP256;
    alg = JWT_ALG_ES256;
  } else {
    return Refused("the algorithm must be RS256 or ES256");
  }
  if (header->contains("crit")) return Refused("unsupported critical header");
  const std::string kid = StringMember(*header, "kid");
  std::optional<json> claims;
  const std::string owned(token);
  for (const PublicKey& key : keys_) {
    if (key.type != type || (!kid.empty() && !key.kid.empty() && key.kid != kid)) continue;
    claims = VerifiedClaims(owned, key, alg);
    if (claims.has_value()) break;
  }
  if (!claims.has_value()) return Refused("the signature does not verify with a trusted key");
  if (StringMember(*claims, "iss") != settings_.issuer) return Refused("wrong issuer");
  if (!AudienceMatches(*claims, settings_.audience)) return Refused("wrong audience");
  const std::optional<absl::Time> expires = TimeClaim(*claims, "exp");
  if (!expires.has_value()) return Refused("no expiry (exp)");
  if (now >= *expires + settings_.leeway) return Refused("expired");
  if (claims->contains("nbf")) {
    const std::optional<absl::Time> not_before = TimeClaim(*claims, "nbf");
    if (!not_before.has_value() || now + settings_.leeway < *not_before) {
      return Refused("not valid yet (nbf)");
    }
  }
  const std::string subject = StringMember(*claims, "sub");
  if (subject.empty() || subject.size() > 256) return Refused("no subject (sub)");
  for (char c : subject) {
    // Printable, no spaces: the subject goes into logs and idempotency keys as it is.
    if (c < '!' || c > '~') return Refused("the subject (sub) must be printable ASCII");
  }
  auto scopes = ScopeSet::Parse(StringMember(*claims, "scope"), /*strict=*/false);
  if (!scopes.ok()) return Refused("unreadable scope claim");
  return Identity{
      .kind = Identity::Kind::kJwt, .name = subject, .scopes = *scopes, .expires_at = expires};
}

}  // namespace champion::auth
