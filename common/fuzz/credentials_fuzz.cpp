// libFuzzer target: everything common/auth reads from outside — the Authorization header
// (API tokens and JWTs: header and claims JSON, base64url, signatures), the tokens file and
// the JWT key files (PEM and JWKS).
//
// Input: a first byte choosing the parser, then its bytes:
//   0  an Authorization value, authenticated against a tokens file with one known token and
//      a P-256 key (made at start-up), with a clock at 2027-01-01;
//   1  a tokens file;
//   2  a JWT keys file (PEM or JWKS).
// Invariants: nothing but the known token authenticates (a fuzzer cannot forge ES256), a
// refusal is Unauthenticated, a short printable sentence, never the credential; a file that
// parses yields usable keys / a table that finds nothing for an unknown token. Seeds:
// corpus/credentials/.

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "common/auth/authenticator.h"
#include "common/auth/public_keys.h"
#include "common/auth/token_table.h"
#include "common/fuzz/fuzz_check.h"

namespace {

using champion::auth::Authenticator;

constexpr char kKnownToken[] = "fuzz-known-token";

std::string PublicPem() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(size));
  BIO_free(bio);
  EVP_PKEY_free(key);
  return pem;
}

const Authenticator& TheAuthenticator() {
  static const Authenticator* authenticator = [] {
    char dir[] = "/tmp/champion-fuzz-auth-XXXXXX";
    CHAMPION_FUZZ_CHECK(mkdtemp(dir) != nullptr);
    const std::string tokens = std::string(dir) + "/tokens";
    const std::string keys = std::string(dir) + "/keys.pem";
    std::ofstream(tokens) << "fuzz " << champion::auth::Sha256Hex(kKnownToken) << " runs:read\n";
    std::ofstream(keys) << PublicPem();
    auto created = Authenticator::Create({.tokens_file = tokens,
                                          .jwt_keys_file = keys,
                                          .jwt_issuer = "https://id.example",
                                          .jwt_audience = "champion"});
    CHAMPION_FUZZ_CHECK(created.ok());
    std::remove(tokens.c_str());
    std::remove(keys.c_str());
    rmdir(dir);
    return created->release();
  }();
  return *authenticator;
}

void FuzzAuthorization(std::string_view value) {
  const absl::Time now = absl::FromUnixSeconds(1798761600);  // 2027-01-01
  auto identity = TheAuthenticator().Authenticate(value, now);
  if (identity.ok()) {
    CHAMPION_FUZZ_CHECK(identity->Key() == "token:fuzz");
    return;
  }
  CHAMPION_FUZZ_CHECK(identity.status().code() == absl::StatusCode::kUnauthenticated);
  const std::string message(identity.status().message());
  // Refusals are short fixed sentences: printable, bounded, and never an echo of the
  // credential (checked for credentials longer than any refusal sentence).
  CHAMPION_FUZZ_CHECK(message.size() <= 120);
  for (char c : message) CHAMPION_FUZZ_CHECK(c >= ' ' && c <= '~');
  const size_t space = value.find(' ');
  if (space != std::string_view::npos && value.size() - space > 121) {
    CHAMPION_FUZZ_CHECK(message.find(value.substr(space + 1)) == std::string::npos);
  }
}

void FuzzTokensFile(std::string_view text) {
  auto table = champion::auth::TokenTable::Parse(text);
  if (!table.ok()) {
    CHAMPION_FUZZ_CHECK(table.status().code() == absl::StatusCode::kInvalidArgument);
    return;
  }
  CHAMPION_FUZZ_CHECK(!table->Find(kKnownToken).has_value() || table->size() > 0);
}

void FuzzKeysFile(std::string_view text) {
  auto keys = champion::auth::ParsePublicKeys(text);
  if (!keys.ok()) {
    CHAMPION_FUZZ_CHECK(keys.status().code() == absl::StatusCode::kInvalidArgument);
    return;
  }
  CHAMPION_FUZZ_CHECK(!keys->empty());
  for (const auto& key : *keys) {
    CHAMPION_FUZZ_CHECK(key.pem.rfind("-----BEGIN PUBLIC KEY-----", 0) == 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view rest = champion::fuzz::AsText(data + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      FuzzAuthorization(rest);
      break;
    case 1:
      FuzzTokensFile(rest);
      break;
    default:
      FuzzKeysFile(rest);
      break;
  }
  return 0;
}
