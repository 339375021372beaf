// The HTTP server with TLS over real sockets: HTTPS requests verified against a test CA,
// plain HTTP refused, certificates reloaded without a restart, and the connection limits
// and deadlines on TLS connections.

#include <openssl/ssl.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "http/http_server.h"
#include "support/http_client.h"
#include "support/https_client.h"
#include "support/temp_dir.h"
#include "support/test_certificates.h"

namespace champion::gateway {
namespace {

using testing::HttpsCall;
using testing::HttpsResponse;
using testing::RawConnection;
using testing::TlsClientOptions;
using testing::TlsConnection;

constexpr char kGet[] = "GET /a HTTP/1.1\r\nHost: localhost\r\n\r\n";

// A CA, the server's certificate files (CN gateway-<serial>) and a client trusting the CA.
struct Certificates {
  testing::TempDir dir;
  testing::TestCertificateAuthority ca{"Champion test CA"};
  TlsCertificateFiles files;
  TlsClientOptions client;

  Certificates() {
    client.ca_path = dir.Write("ca.pem", ca.cert_pem());
    Install(1);
  }
  void Install(long serial) {
    const testing::PemPair pair =
        ca.Issue({.common_name = "gateway-" + std::to_string(serial), .serial = serial});
    files = {dir.Write("cert.pem", pair.cert), dir.Write("key.pem", pair.key)};
  }
};

// Answers {"ok":1,"bytes":<body size>}.
void EchoSize(const HttpRequest& request, const std::shared_ptr<Exchange>& exchange) {
  exchange->Respond(
      JsonResponse(200, R"({"ok":1,"bytes":)" + std::to_string(request.body.size()) + "}"));
}

std::unique_ptr<HttpServer> StartTlsServer(const Certificates& certs,
                                           const std::function<void(HttpServerOptions&)>& adjust,
                                           HttpHandler handler = EchoSize) {
  HttpServerOptions options;
  options.port = 0;
  options.threads = 2;
  options.shutdown_grace = absl::Seconds(2);
  options.tls = certs.files;
  adjust(options);
  auto server = HttpServer::Create(options, std::move(handler));
  REQUIRE(server.ok());
  return *std::move(server);
}

// The serial of the certificate served to a new connection, once it is `serial` (polls up
// to 5 s); the last one seen otherwise.
std::string ServedSerialBecomes(uint16_t port, const TlsClientOptions& client,
                                const std::string& serial) {
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  std::string seen;
  while (absl::Now() < deadline) {
    seen = HttpsCall(port, client, "GET", "/a").peer_serial;
    if (seen == serial) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return seen;
}

bool CountReaches(const HttpServer& server, size_t n) {
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  while (server.connection_count() != n && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  return server.connection_count() == n;
}

}  // namespace

TEST_CASE("HTTPS requests are served with a certificate the client verifies", "[unit][http][tls]") {
  Certificates certs;
  auto server = StartTlsServer(certs, [](HttpServerOptions&) {});
  const HttpsResponse answer = HttpsCall(server->port(), certs.client, "POST", "/a", "hello");
  INFO(answer.error);
  CHECK(answer.response.status == 200);
  CHECK(answer.response.body == R"({"ok":1,"bytes":5})");
  CHECK_FALSE(answer.response.Header("X-Request-Id").empty());
  CHECK(answer.peer_serial == "01");
  CHECK_THAT(answer.peer_subject, Catch::Contains("CN=gateway-1"));
  SECTION("a client that does not trust the CA fails the handshake") {
    Certificates stranger;
    const HttpsResponse refused = HttpsCall(server->port(), stranger.client, "GET", "/a");
    CHECK(refused.response.status == 0);
    CHECK_THAT(refused.error, Catch::Contains("certificate verify failed"));
  }
  SECTION("TLS below 1.2 is refused") {
    TlsClientOptions old = certs.client;
    old.max_version = TLS1_1_VERSION;
    TlsConnection connection(server->port(), old);
    CHECK_FALSE(connection.connected());
  }
}

TEST_CASE("An event stream over TLS sends chunks and heartbeats and notices a client leaving",
          "[unit][http][tls]") {
  Certificates certs;
  auto gone = std::make_shared<absl::Notification>();
  auto server = StartTlsServer(
      certs, [](HttpServerOptions&) {},
      [gone](const HttpRequest&, const std::shared_ptr<Exchange>& exchange) {
        exchange->OnClientGone([gone] { gone->Notify(); });
        HttpResponse head;
        head.SetHeader("Content-Type", "text/event-stream");
        exchange->StartStream(std::move(head), absl::Milliseconds(100), ": heartbeat\n\n");
        exchange->SendChunk("data: one\n\n");
      });
  {
    TlsConnection client(server->port(), certs.client);
    REQUIRE(client.Send("GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    CHECK(client.ReadUntil("data: one", absl::Seconds(5)));
    CHECK(client.ReadUntil(": heartbeat", absl::Seconds(5)));
  }  // the client leaves
  CHECK(gone->WaitForNotificationWithTimeout(absl::Seconds(5)));
  CHECK(CountReaches(*server, 0));
}

TEST_CASE("Plain HTTP to the HTTPS port gets no answer and harms nothing", "[unit][http][tls]") {
  Certificates certs;
  auto server = StartTlsServer(certs, [](HttpServerOptions&) {});
  for (int i = 0; i < 3; ++i) {
    RawConnection plain(server->port());
    REQUIRE(plain.Send(kGet));
    CHECK(plain.ReadToEnd(absl::Seconds(5)));  // closed by the server
    CHECK(plain.received().find("HTTP/1.1 200") == std::string::npos);
  }
  CHECK(HttpsCall(server->port(), certs.client, "GET", "/a").response.status == 200);
  CHECK(CountReaches(*server, 0));
}

TEST_CASE("Changed certificate files are picked up, a broken replacement keeps the old pair",
          "[unit][http][tls]") {
  Certificates certs;
  auto server = StartTlsServer(
      certs, [](HttpServerOptions& o) { o.tls_check_interval = absl::Milliseconds(100); });
  REQUIRE(HttpsCall(server->port(), certs.client, "GET", "/a").peer_serial == "01");

  certs.Install(2);
  CHECK(ServedSerialBecomes(server->port(), certs.client, "02") == "02");
  CHECK_THAT(HttpsCall(server->port(), certs.client, "GET", "/a").peer_subject,
             Catch::Contains("CN=gateway-2"));

  // A key that does not match, then a certificate that is not one: neither is used.
  certs.dir.Write("key.pem", certs.ca.Issue({.serial = 3}).key);
  absl::SleepFor(absl::Milliseconds(500));  // five checks
  CHECK(HttpsCall(server->port(), certs.client, "GET", "/a").peer_serial == "02");
  certs.dir.Write("cert.pem", "-----BEGIN CERTIFICATE-----\nbroken\n");
  absl::SleepFor(absl::Milliseconds(500));
  const HttpsResponse still = HttpsCall(server->port(), certs.client, "GET", "/a");
  CHECK(still.response.status == 200);
  CHECK(still.peer_serial == "02");
  CHECK_FALSE(server->ReloadTls().ok());
}

TEST_CASE("ReloadTls switches new connections at once, open ones keep being served",
          "[unit][http][tls]") {
  Certificates certs;
  auto server =
      StartTlsServer(certs, [](HttpServerOptions& o) { o.tls_check_interval = absl::Hours(1); });
  TlsConnection open(server->port(), certs.client);
  REQUIRE(open.connected());
  REQUIRE(open.Send(kGet));
  REQUIRE(open.ReadUntil(R"("bytes":0})", absl::Seconds(5)));

  certs.Install(2);
  CHECK(HttpsCall(server->port(), certs.client, "GET", "/a").peer_serial == "01");  // no check yet
  REQUIRE(server->ReloadTls().ok());
  CHECK(HttpsCall(server->port(), certs.client, "GET", "/a").peer_serial == "02");

  const size_t before = open.received().size();
  REQUIRE(open.Send(kGet));
  CHECK(open.ReadUntil(R"("bytes":0})", absl::Seconds(5), before));
  CHECK(open.peer_serial() == "01");
}

TEST_CASE("The HTTP server without TLS has nothing to reload", "[unit][http][tls]") {
  HttpServerOptions options;
  options.port = 0;
  auto server = HttpServer::Create(
      options, [](const HttpRequest&, const std::shared_ptr<Exchange>& exchange) {
        exchange->Respond(JsonResponse(200, "{}"));
      });
  REQUIRE(server.ok());
  CHECK((*server)->ReloadTls().code() == absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("A slow TLS handshake is cut at the header timeout", "[unit][http][tls][limits]") {
  Certificates certs;
  auto server = StartTlsServer(certs, [](HttpServerOptions& o) {
    o.idle_timeout = absl::Seconds(10);
    o.header_timeout = absl::Milliseconds(300);
  });
  SECTION("silent") {
    RawConnection silent(server->port());
    const absl::Time start = absl::Now();
    CHECK(silent.ReadToEnd(absl::Seconds(5)));
    CHECK(absl::Now() - start < absl::Seconds(2));
  }
  SECTION("headers that trickle in after the handshake") {
    TlsConnection slow(server->port(), certs.client);
    REQUIRE(slow.connected());
    REQUIRE(slow.Send("GET /a HTTP/1.1\r\n"));
    const absl::Time start = absl::Now();
    bool closed = false;
    for (int i = 0; i < 30 && !closed; ++i) {  // one header line per 100 ms, for 3 s at most
      closed = !slow.Send("X-Slow: 1\r\n") || slow.ReadToEnd(absl::Milliseconds(100));
    }
    CHECK(closed);
    CHECK(absl::Now() - start < absl::Seconds(2));
  }
  SECTION("a ClientHello that never completes") {
    RawConnection slow(server->port());
    const absl::Time start = absl::Now();
    bool closed = false;
    // The record header announces 512 bytes; one byte follows every 100 ms, for 3 s at most.
    REQUIRE(slow.Send(std::string("\x16\x03\x01\x02\x00", 5)));
    for (int i = 0; i < 30 && !closed; ++i) {
      closed = !slow.Send(std::string(1, '\x01')) || slow.ReadToEnd(absl::Milliseconds(100));
    }
    CHECK(closed);
    CHECK(absl::Now() - start < absl::Seconds(2));
  }
  CHECK(CountReaches(*server, 0));
}

TEST_CASE("Limits hold on TLS connections", "[unit][http][tls][limits]") {
  Certificates certs;
  auto server = StartTlsServer(certs, [](HttpServerOptions& o) {
    o.max_connections = 2;
    o.max_body_bytes = 1024;
    o.idle_timeout = absl::Seconds(2);
  });
  SECTION("connections over the cap get 503 over TLS") {
    std::vector<std::unique_ptr<TlsConnection>> held;
    for (int i = 0; i < 2; ++i) {
      held.push_back(std::make_unique<TlsConnection>(server->port(), certs.client));
      REQUIRE(held.back()->Send(kGet));
      REQUIRE(held.back()->ReadUntil(R"("bytes":0})", absl::Seconds(5)));
    }
    TlsConnection extra(server->port(), certs.client);
    REQUIRE(extra.connected());
    CHECK(extra.ReadToEnd(absl::Seconds(5)));
    CHECK(extra.received().rfind("HTTP/1.1 503 ", 0) == 0);
    CHECK(extra.received().find("Retry-After: 1\r\n") != std::string::npos);
    CHECK(server->connection_count() == 2);
  }
  SECTION("a body over the limit is 413") {
    const HttpsResponse answer =
        HttpsCall(server->port(), certs.client, "POST", "/a", std::string(5000, 'x'));
    INFO(answer.error);
    CHECK(answer.response.status == 413);
  }
  SECTION("headers over the limit are 431") {
    const HttpsResponse answer = HttpsCall(server->port(), certs.client, "GET", "/a", "",
                                           {{"X-Big", std::string(40 * 1024, 'b')}});
    INFO(answer.error);
    CHECK(answer.response.status == 431);
  }
  SECTION("an idle connection closes after the idle timeout") {
    TlsConnection idle(server->port(), certs.client);
    REQUIRE(idle.Send(kGet));
    REQUIRE(idle.ReadUntil(R"("bytes":0})", absl::Seconds(5)));
    const absl::Time start = absl::Now();
    CHECK(idle.ReadToEnd(absl::Seconds(5)));
    CHECK(absl::Now() - start >= absl::Seconds(1));
  }
}

}  // namespace champion::gateway
