// The real api-gateway binary and SIGHUP: with HTTPS it reads its certificate and key
// again at once; without, it logs that there is nothing to reload and keeps serving
// (SIGHUP no longer ends the process).

#include <signal.h>

#include <catch2/catch.hpp>
#include <string>

#include "support/gateway_process.h"
#include "support/http_client.h"
#include "support/https_client.h"
#include "support/temp_dir.h"
#include "support/test_certificates.h"

namespace champion::gateway {
namespace {

using testing::GatewayProcess;
using testing::HttpsCall;
using testing::TempDir;
using testing::WaitForLogLine;
using testing::WaitForPort;

}  // namespace

TEST_CASE("SIGHUP reloads the HTTPS certificate", "[unit][gateway][process][tls]") {
  TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  testing::TestCertificateAuthority ca("Champion test CA");
  auto install = [&](long serial) {
    const testing::PemPair pair =
        ca.Issue({.common_name = "gateway-" + std::to_string(serial), .serial = serial});
    dir.Write("cert.pem", pair.cert);
    dir.Write("key.pem", pair.key);
  };
  install(1);
  const testing::TlsClientOptions client{.ca_path = dir.Write("ca.pem", ca.cert_pem())};
  const std::string log_path = dir.path() + "/gateway.log";
  GatewayProcess gateway(
      log_path, {"--tls_cert=" + dir.path() + "/cert.pem", "--tls_key=" + dir.path() + "/key.pem"});
  const uint16_t port = WaitForPort(log_path);
  REQUIRE(port != 0);
  CHECK(WaitForLogLine(log_path, "(HTTPS)"));
  REQUIRE(HttpsCall(port, client, "GET", "/healthz").peer_serial == "01");

  install(2);
  REQUIRE(kill(gateway.pid(), SIGHUP) == 0);
  CHECK(WaitForLogLine(log_path, "SIGHUP: reloading"));
  CHECK(WaitForLogLine(log_path, "TLS certificate reloaded: subject CN=gateway-2"));
  const testing::HttpsResponse answer = HttpsCall(port, client, "GET", "/healthz");
  CHECK(answer.response.status == 200);
  CHECK(answer.peer_serial == "02");

  // A broken pair on SIGHUP: logged, the process keeps serving the current one.
  dir.Write("key.pem", "garbage\n");
  REQUIRE(kill(gateway.pid(), SIGHUP) == 0);
  CHECK(WaitForLogLine(log_path, "TLS reload failed, still serving subject CN=gateway-2"));
  CHECK(gateway.running());
  CHECK(HttpsCall(port, client, "GET", "/healthz").peer_serial == "02");
}

TEST_CASE("SIGHUP without HTTPS changes nothing", "[unit][gateway][process]") {
  TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string log_path = dir.path() + "/gateway.log";
  GatewayProcess gateway(log_path, {});
  const uint16_t port = WaitForPort(log_path);
  REQUIRE(port != 0);
  REQUIRE(kill(gateway.pid(), SIGHUP) == 0);
  CHECK(WaitForLogLine(log_path, "no certificate to reload"));
  CHECK(gateway.running());
  CHECK(testing::HttpCall(port, "GET", "/healthz").status == 200);
}

}  // namespace champion::gateway
