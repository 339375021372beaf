#include "common/auth/public_keys.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "nlohmann/json.hpp"

namespace champion::auth {
namespace {

constexpr int kMinRsaBits = 2048;

struct Free {
  void operator()(BIO* b) const { BIO_free(b); }
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
  void operator()(BIGNUM* n) const { BN_free(n); }
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

absl::StatusOr<PublicKey> Describe(EVP_PKEY* key, std::string kid) {
  PublicKey out;
  out.kid = std::move(kid);
  const int id = EVP_PKEY_get_base_id(key);
  if (id == EVP_PKEY_RSA) {
    if (EVP_PKEY_get_bits(key) < kMinRsaBits) {
      return absl::InvalidArgumentError("RSA keys must have at least 2048 bits");
    }
    out.type = PublicKey::Type::kRsa;
  } else if (id == EVP_PKEY_EC) {
    char group[64] = {0};
    size_t length = 0;
    if (EVP_PKEY_get_group_name(key, group, sizeof(group), &length) != 1 ||
        (std::string_view(group) != "prime256v1" && std::string_view(group) != "P-256")) {
      return absl::InvalidArgumentError("EC keys must be on the P-256 curve (ES256)");
    }
    out.type = PublicKey::Type::kEcP256;
  } else {
    return absl::InvalidArgumentError("only RSA (RS256) and P-256 (ES256) keys are accepted");
  }
  Owned<BIO> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) {
    return absl::InternalError("cannot write a public key as PEM");
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  out.pem.assign(data, static_cast<size_t>(size));
  return out;
}

absl::StatusOr<std::vector<PublicKey>> ParsePem(std::string_view text) {
  Owned<BIO> bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  std::vector<PublicKey> keys;
  while (true) {
    Owned<EVP_PKEY> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key) break;
    auto described = Describe(key.get(), "");
    if (!described.ok()) return described.status();
    keys.push_back(*std::move(described));
  }
  if (keys.empty()) {
    return absl::InvalidArgumentError("no PEM public key (-----BEGIN PUBLIC KEY-----) found");
  }
  return keys;
}

// A string member, or "" when absent or not a string (value() would throw on a mismatch).
std::string StringMember(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

absl::StatusOr<std::string> Base64UrlField(const nlohmann::json& jwk, const char* name) {
  const auto it = jwk.find(name);
  std::string decoded;
  if (it == jwk.end() || !it->is_string() ||
      !absl::WebSafeBase64Unescape(it->get<std::string>(), &decoded) || decoded.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("JWK member \"", name, "\" is missing"));
  }
  return decoded;
}

Owned<BIGNUM> ToBignum(const std::string& bytes) {
  return Owned<BIGNUM>(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                                 static_cast<int>(bytes.size()), nullptr));
}

absl::StatusOr<Owned<EVP_PKEY>> FromParams(const char* type, OSSL_PARAM_BLD* builder) {
  Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(builder));
  Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return absl::InvalidArgumentError("the JWK does not describe a valid public key");
  }
  return Owned<EVP_PKEY>(key);
}

absl::StatusOr<Owned<EVP_PKEY>> RsaFromJwk(const nlohmann::json& jwk) {
  auto n = Base64UrlField(jwk, "n");
  if (!n.ok()) return n.status();
  auto e = Base64UrlField(jwk, "e");
  if (!e.ok()) return e.status();
  Owned<BIGNUM> modulus = ToBignum(*n), exponent = ToBignum(*e);
  Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
  if (!modulus || !exponent || !builder ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1) {
    return absl::InvalidArgumentError("the RSA JWK cannot be read");
  }
  return FromParams("RSA", builder.get());
}

absl::StatusOr<Owned<EVP_PKEY>> EcFromJwk(const nlohmann::json& jwk) {
  if (StringMember(jwk, "crv") != "P-256") {
    return absl::InvalidArgumentError("EC JWKs must be on the P-256 curve");
  }
  auto x = Base64UrlField(jwk, "x");
  if (!x.ok()) return x.status();
  auto y = Base64UrlField(jwk, "y");
  if (!y.ok()) return y.status();
  if (x->size() != 32 || y->size() != 32) {
    return absl::InvalidArgumentError("a P-256 JWK has 32-byte x and y");
  }
  // The uncompressed point: 0x04 || x || y.
  const std::string point = absl::StrCat("\x04", *x, *y);
  Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return absl::InvalidArgumentError("the EC JWK cannot be read");
  }
  return FromParams("EC", builder.get());
}

absl::StatusOr<std::vector<PublicKey>> ParseJwks(std::string_view text) {
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) {
    return absl::InvalidArgumentError("a JWKS is a JSON object with a \"keys\" array");
  }
  std::vector<PublicKey> keys;
  for (const nlohmann::json& jwk : doc["keys"]) {
    if (!jwk.is_object()) return absl::InvalidArgumentError("every JWKS key is an object");
    // Keys for other uses (encryption) or algorithms are not ours to verify with.
    if (jwk.contains("use") && StringMember(jwk, "use") != "sig") continue;
    const std::string kty = StringMember(jwk, "kty");
    absl::StatusOr<Owned<EVP_PKEY>> key = absl::InvalidArgumentError("unsupported");
    if (kty == "RSA") {
      key = RsaFromJwk(jwk);
    } else if (kty == "EC") {
      key = EcFromJwk(jwk);
    } else {
      continue;
    }
    if (!key.ok()) return key.status();
    auto described = Describe(key->get(), StringMember(jwk, "kid"));
    if (!described.ok()) return described.status();
    keys.push_back(*std::move(described));
  }
  if (keys.empty()) return absl::InvalidArgumentError("the JWKS has no RSA or P-256 signing key");
  return keys;
}

}  // namespace

absl::StatusOr<std::vector<PublicKey>> ParsePublicKeys(std::string_view text) {
  absl::string_view trimmed =
      absl::StripLeadingAsciiWhitespace(absl::string_view(text.data(), text.size()));
  if (!trimmed.empty() && trimmed.front() == '{') {
    return ParseJwks(std::string_view(trimmed.data(), trimmed.size()));
  }
  return ParsePem(text);
}

}  // namespace champion::auth
