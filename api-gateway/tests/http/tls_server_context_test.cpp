// The HTTPS certificate and key: loading, refusing bad pairs, reloading changed files.

#include "http/tls_server_context.h"

#include <catch2/catch.hpp>
#include <string>

#include "support/temp_dir.h"
#include "support/test_certificates.h"

namespace champion::gateway {
namespace {

using Catch::Matchers::Contains;
using testing::LeafOptions;
using testing::PemPair;
using testing::TempDir;
using testing::TestCertificateAuthority;

struct Files {
  TempDir dir;
  TestCertificateAuthority ca{"Champion test CA"};
  TlsCertificateFiles paths;

  PemPair Install(long serial) {
    PemPair pair = ca.Issue({.common_name = "gateway-" + std::to_string(serial), .serial = serial});
    paths = {dir.Write("cert.pem", pair.cert), dir.Write("key.pem", pair.key)};
    return pair;
  }
};

}  // namespace

TEST_CASE("A certificate and its key load", "[unit][http][tls]") {
  Files files;
  files.Install(1);
  auto tls = TlsServerContext::Create(files.paths);
  REQUIRE(tls.ok());
  CHECK((*tls)->Current() != nullptr);
  CHECK_THAT((*tls)->Describe(), Contains("CN=gateway-1") && Contains("serial 01"));
}

TEST_CASE("Unusable certificate files are refused, naming the file", "[unit][http][tls]") {
  Files files;
  const PemPair pair = files.Install(1);
  const PemPair other = files.ca.Issue({.serial = 2});
  SECTION("missing certificate") {
    files.paths.cert_path = files.dir.path() + "/absent.pem";
    auto tls = TlsServerContext::Create(files.paths);
    REQUIRE_FALSE(tls.ok());
    CHECK(tls.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(tls.status().message()),
               Contains("certificate") && Contains("absent.pem"));
  }
  SECTION("not PEM") {
    files.dir.Write("key.pem", "not a key\n");
    auto tls = TlsServerContext::Create(files.paths);
    REQUIRE_FALSE(tls.ok());
    CHECK_THAT(std::string(tls.status().message()), Contains("private key") && Contains("key.pem"));
  }
  SECTION("a key of another certificate") {
    files.dir.Write("key.pem", other.key);
    auto tls = TlsServerContext::Create(files.paths);
    REQUIRE_FALSE(tls.ok());
    CHECK_THAT(std::string(tls.status().message()), Contains("key.pem") && Contains("mismatch"));
  }
  SECTION("an encrypted key fails instead of asking for a passphrase") {
    files.dir.Write("key.pem", testing::EncryptKeyPem(pair.key, "secret"));
    auto tls = TlsServerContext::Create(files.paths);
    REQUIRE_FALSE(tls.ok());
    CHECK_THAT(std::string(tls.status().message()), Contains("private key"));
  }
}

TEST_CASE("Changed files are reloaded, a bad replacement keeps the current pair",
          "[unit][http][tls]") {
  Files files;
  files.Install(1);
  auto created = TlsServerContext::Create(files.paths);
  REQUIRE(created.ok());
  TlsServerContext& tls = **created;
  const auto first = tls.Current();

  CHECK(tls.ReloadIfChanged().ok());
  CHECK(tls.Current() == first);  // nothing changed: nothing rebuilt

  files.Install(2);
  CHECK(tls.ReloadIfChanged().ok());
  const auto second = tls.Current();
  CHECK(second != first);
  CHECK_THAT(tls.Describe(), Contains("serial 02"));

  // A key that does not match the certificate: reported once, the current pair stays.
  files.dir.Write("key.pem", files.ca.Issue({.serial = 3}).key);
  CHECK_FALSE(tls.ReloadIfChanged().ok());
  CHECK(tls.Current() == second);
  CHECK(tls.ReloadIfChanged().ok());  // same bad files: not tried again
  CHECK_FALSE(tls.Reload().ok());     // an explicit reload tries anyway
  CHECK(tls.Current() == second);
  CHECK_THAT(tls.Describe(), Contains("serial 02"));

  files.Install(4);
  CHECK(tls.Reload().ok());
  CHECK(tls.Current() != second);
  CHECK_THAT(tls.Describe(), Contains("CN=gateway-4") && Contains("serial 04"));
}

}  // namespace champion::gateway
