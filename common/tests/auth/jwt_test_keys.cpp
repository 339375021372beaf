#include "jwt_test_keys.h"

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "absl/strings/escaping.h"

namespace champion::auth::testing {
namespace {

std::string Pem(EVP_PKEY* key, bool private_key) {
  BIO* bio = BIO_new(BIO_s_mem());
  const int ok = private_key
                     ? PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr)
                     : PEM_write_bio_PUBKEY(bio, key);
  if (ok != 1) throw std::runtime_error("PEM write failed");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(size));
  BIO_free(bio);
  return out;
}

std::string BignumParam(EVP_PKEY* key, const char* name) {
  BIGNUM* value = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &value) != 1) throw std::runtime_error(name);
  std::string bytes(static_cast<size_t>(BN_num_bytes(value)), '\0');
  BN_bn2bin(value, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(value);
  std::string out;
  absl::WebSafeBase64Escape(bytes, &out);
  return out;
}

std::string Base64UrlJson(const nlohmann::json& value) {
  std::string out;
  absl::WebSafeBase64Escape(value.dump(), &out);
  return out;
}

}  // namespace

TestKey NewRsaKey() {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  TestKey out{Pem(key, true),
              Pem(key, false),
              {{"kty", "RSA"},
               {"use", "sig"},
               {"n", BignumParam(key, OSSL_PKEY_PARAM_RSA_N)},
               {"e", BignumParam(key, OSSL_PKEY_PARAM_RSA_E)}}};
  EVP_PKEY_free(key);
  return out;
}

TestKey NewEcKey() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  unsigned char point[65];
  size_t length = 0;
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof(point),
                                      &length) != 1 ||
      length != 65) {
    throw std::runtime_error("EC point");
  }
  std::string x, y;
  absl::WebSafeBase64Escape(std::string(reinterpret_cast<char*>(point + 1), 32), &x);
  absl::WebSafeBase64Escape(std::string(reinterpret_cast<char*>(point + 33), 32), &y);
  TestKey out{
      Pem(key, true), Pem(key, false), {{"kty", "EC"}, {"crv", "P-256"}, {"x", x}, {"y", y}}};
  EVP_PKEY_free(key);
  return out;
}

std::string SignJwt(const TestKey& key, const std::string& alg, const nlohmann::json& claims,
                    const std::string& kid) {
  jwt_t* jwt = nullptr;
  jwt_new(&jwt);
  if (jwt_add_grants_json(jwt, claims.dump().c_str()) != 0) throw std::runtime_error("grants");
  if (!kid.empty()) jwt_add_header(jwt, "kid", kid.c_str());
  if (jwt_set_alg(jwt, jwt_str_alg(alg.c_str()),
                  reinterpret_cast<const unsigned char*>(key.private_pem.data()),
                  static_cast<int>(key.private_pem.size())) != 0) {
    throw std::runtime_error("alg");
  }
  char* encoded = jwt_encode_str(jwt);
  jwt_free(jwt);
  if (encoded == nullptr) throw std::runtime_error("encode");
  std::string out(encoded);
  std::free(encoded);
  return out;
}

std::string UnsignedJwt(const nlohmann::json& header, const nlohmann::json& claims,
                        const std::string& signature) {
  return Base64UrlJson(header) + "." + Base64UrlJson(claims) + "." + signature;
}

std::string Hs256Jwt(const std::string& secret, const nlohmann::json& claims) {
  jwt_t* jwt = nullptr;
  jwt_new(&jwt);
  jwt_add_grants_json(jwt, claims.dump().c_str());
  jwt_set_alg(jwt, JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(secret.data()),
              static_cast<int>(secret.size()));
  char* encoded = jwt_encode_str(jwt);
  jwt_free(jwt);
  std::string out(encoded);
  std::free(encoded);
  return out;
}

}  // namespace champion::auth::testing
