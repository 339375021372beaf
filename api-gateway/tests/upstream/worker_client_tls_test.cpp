// The worker client over TLS against a real gRPC server (health service only) that
// presents a certificate from a test CA and, for mutual TLS, requires one from the client.

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "support/temp_dir.h"
#include "support/test_certificates.h"
#include "upstream/worker_client.h"

namespace champion::gateway {
namespace {

using testing::LeafOptions;
using testing::PemPair;
using testing::TempDir;
using testing::TestCertificateAuthority;

// A health-only gRPC server on 127.0.0.1:0 with TLS (gRPC's default health service; the
// generic service, which answers UNIMPLEMENTED, makes it a callback server).
struct TlsHealthServer {
  grpc::CallbackGenericService generic;
  std::unique_ptr<grpc::Server> server;
  int port = 0;

  TlsHealthServer(const PemPair& identity, const std::string& client_ca_pem,
                  bool require_client_cert) {
    grpc::SslServerCredentialsOptions options(
        require_client_cert ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                            : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
    options.pem_root_certs = client_ca_pem;
    options.pem_key_cert_pairs.push_back({identity.key, identity.cert});
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::SslServerCredentials(options), &port);
    builder.RegisterCallbackGenericService(&generic);
    server = builder.BuildAndStart();
  }
  ~TlsHealthServer() {
    if (server) server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  }
  std::string target() const { return "127.0.0.1:" + std::to_string(port); }
};

// The certificates of one test: the worker's CA and identity, the client's CA and identity,
// and a CA that signed neither.
struct Pki {
  TempDir dir;
  TestCertificateAuthority worker_ca{"Worker CA"};
  TestCertificateAuthority client_ca{"Gateway client CA"};
  TestCertificateAuthority stranger_ca{"Unrelated CA"};
  PemPair worker = worker_ca.Issue({.common_name = "worker", .serial = 7});
  PemPair client =
      client_ca.Issue({.common_name = "api-gateway", .serial = 8, .dns_names = {}, .client = true});

  WorkerTlsOptions ClientTls() {
    return {.ca_path = dir.Write("worker-ca.pem", worker_ca.cert_pem()),
            .cert_path = dir.Write("client.pem", client.cert),
            .key_path = dir.Write("client-key.pem", client.key)};
  }
};

// CheckHealth through a new client; "" when SERVING, else why not.
std::string HealthOver(const std::string& target, const WorkerTlsOptions& tls) {
  auto client = WorkerClient::Create({.target = target, .tls = tls});
  REQUIRE(client.ok());
  absl::Notification done;
  std::string outcome = "no answer";
  (*client)->CheckHealth(absl::Seconds(5), [&](bool serving, std::string detail) {
    outcome = serving ? "" : (detail.empty() ? "not serving" : detail);
    done.Notify();
  });
  REQUIRE(done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  return outcome;
}

}  // namespace

TEST_CASE("The worker client verifies the worker and shows its own certificate",
          "[unit][grpc][tls]") {
  Pki pki;
  TlsHealthServer worker(pki.worker, pki.client_ca.cert_pem(), /*require_client_cert=*/true);
  REQUIRE(worker.server != nullptr);
  WorkerTlsOptions tls = pki.ClientTls();

  SECTION("the right CA and client certificate") { CHECK(HealthOver(worker.target(), tls) == ""); }
  SECTION("a CA that did not sign the worker's certificate") {
    tls.ca_path = pki.dir.Write("stranger.pem", pki.stranger_ca.cert_pem());
    CHECK_THAT(HealthOver(worker.target(), tls), Catch::Contains("certificate verify failed"));
  }
  SECTION("no client certificate") {
    tls.cert_path.clear();
    tls.key_path.clear();
    CHECK(HealthOver(worker.target(), tls) != "");
  }
  SECTION("a client certificate the worker does not trust") {
    const PemPair other = pki.stranger_ca.Issue({.serial = 9, .dns_names = {}, .client = true});
    tls.cert_path = pki.dir.Write("other.pem", other.cert);
    tls.key_path = pki.dir.Write("other-key.pem", other.key);
    CHECK(HealthOver(worker.target(), tls) != "");
  }
}

TEST_CASE("Replaced TLS files are used without a restart", "[unit][grpc][tls]") {
  Pki pki;
  TlsHealthServer worker(pki.worker, pki.client_ca.cert_pem(), /*require_client_cert=*/true);
  REQUIRE(worker.server != nullptr);
  WorkerTlsOptions tls = pki.ClientTls();
  tls.refresh_seconds = 1;
  pki.dir.Write("worker-ca.pem", pki.stranger_ca.cert_pem());  // the wrong CA at first
  auto client = WorkerClient::Create({.target = worker.target(), .tls = tls});
  REQUIRE(client.ok());
  auto check = [&] {
    absl::Notification done;
    bool ok = false;
    (*client)->CheckHealth(absl::Seconds(2), [&](bool serving, std::string) {
      ok = serving;
      done.Notify();
    });
    REQUIRE(done.WaitForNotificationWithTimeout(absl::Seconds(5)));
    return ok;
  };
  CHECK_FALSE(check());
  pki.dir.Write("worker-ca.pem", pki.worker_ca.cert_pem());
  // The file is read again within a second; the channel reconnects after its back-off
  // (about 1 s, then 2.6 s, ...). Bounded at 15 s.
  bool serving = false;
  const absl::Time deadline = absl::Now() + absl::Seconds(15);
  while (!serving && absl::Now() < deadline) {
    serving = check();
    if (!serving) absl::SleepFor(absl::Milliseconds(200));
  }
  CHECK(serving);
}

TEST_CASE("The name checked in the worker's certificate can be overridden", "[unit][grpc][tls]") {
  Pki pki;
  // Named worker.internal only: connecting to 127.0.0.1 needs the override.
  const PemPair named = pki.worker_ca.Issue({.common_name = "worker",
                                             .serial = 10,
                                             .dns_names = {"worker.internal"},
                                             .loopback_ip = false});
  TlsHealthServer worker(named, "", /*require_client_cert=*/false);
  REQUIRE(worker.server != nullptr);
  WorkerTlsOptions tls = {.ca_path = pki.dir.Write("worker-ca.pem", pki.worker_ca.cert_pem())};
  // 127.0.0.1 is not in the certificate.
  CHECK_THAT(HealthOver(worker.target(), tls), Catch::Contains("Hostname Verification"));
  tls.server_name = "worker.internal";
  CHECK(HealthOver(worker.target(), tls) == "");
  tls.server_name = "other.internal";
  CHECK_THAT(HealthOver(worker.target(), tls), Catch::Contains("Hostname Verification"));
}

TEST_CASE("Unusable worker TLS files are refused at start", "[unit][grpc][tls]") {
  Pki pki;
  WorkerTlsOptions tls = pki.ClientTls();
  auto create = [&] {
    return WorkerClient::Create({.target = "127.0.0.1:1", .tls = tls}).status();
  };
  CHECK(create().ok());
  SECTION("missing CA") {
    tls.ca_path = pki.dir.path() + "/absent.pem";
    CHECK_THAT(std::string(create().message()), Catch::Contains("absent.pem"));
  }
  SECTION("a key where the CA should be") {
    tls.ca_path = tls.key_path;
    CHECK(create().code() == absl::StatusCode::kInvalidArgument);
  }
  SECTION("a certificate without its key") {
    tls.key_path.clear();
    CHECK(create().code() == absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace champion::gateway
