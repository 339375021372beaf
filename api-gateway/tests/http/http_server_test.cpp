// The HTTP server alone (a trivial handler) over real sockets: the connection cap and the
// idle and header deadlines.

#include "http/http_server.h"

#include <catch2/catch.hpp>
#include <memory>
#include <vector>

#include "absl/time/clock.h"
#include "support/http_client.h"

namespace champion::gateway {
namespace {

using testing::HttpCall;
using testing::RawConnection;

constexpr char kGet[] = "GET /a HTTP/1.1\r\nHost: localhost\r\n\r\n";

std::unique_ptr<HttpServer> StartServer(const std::function<void(HttpServerOptions&)>& adjust) {
  HttpServerOptions options;
  options.port = 0;
  options.threads = 2;
  options.shutdown_grace = absl::Seconds(2);
  adjust(options);
  auto server = HttpServer::Create(
      options, [](const HttpRequest&, const std::shared_ptr<Exchange>& exchange) {
        exchange->Respond(JsonResponse(200, R"({"ok":1})"));
      });
  REQUIRE(server.ok());
  return *std::move(server);
}

// A kept-alive connection that was served once.
std::unique_ptr<RawConnection> ServedConnection(uint16_t port) {
  auto connection = std::make_unique<RawConnection>(port);
  REQUIRE(connection->Send(kGet));
  REQUIRE(connection->ReadUntil(R"({"ok":1})", absl::Seconds(5)));
  return connection;
}

// Waits (up to 5 s) for a fresh connection to be served again.
bool ServedWithin5s(uint16_t port) {
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  while (absl::Now() < deadline) {
    if (HttpCall(port, "GET", "/a").status == 200) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return false;
}

// Waits (up to 5 s) for the server to count `n` connections (it forgets a connection
// just after closing it).
bool CountReaches(const HttpServer& server, size_t n) {
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  while (server.connection_count() != n && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  return server.connection_count() == n;
}

}  // namespace

TEST_CASE("Connections over the cap get 503 with Retry-After and are closed",
          "[unit][http][limits]") {
  auto server = StartServer([](HttpServerOptions& o) { o.max_connections = 4; });
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) held.push_back(ServedConnection(server->port()));
  CHECK(server->connection_count() == 4);
  for (int i = 0; i < 10; ++i) {
    RawConnection extra(server->port());
    REQUIRE(extra.connected());
    CHECK(extra.ReadToEnd(absl::Seconds(5)));  // closed by the server
    const std::string& answer = extra.received();
    INFO(answer);
    CHECK(answer.rfind("HTTP/1.1 503 ", 0) == 0);
    CHECK(answer.find("Retry-After: 1\r\n") != std::string::npos);
    CHECK(answer.find("Content-Type: application/problem+json") != std::string::npos);
    CHECK(answer.find(R"("code":"UNAVAILABLE")") != std::string::npos);
  }
  CHECK(server->connection_count() == 4);
  // The held connections are still served, and a freed place is taken again.
  REQUIRE(held[0]->Send(kGet));
  CHECK(held[0]->ReadUntil(R"({"ok":1})", absl::Seconds(5), held[0]->received().size()));
  held.pop_back();
  CHECK(ServedWithin5s(server->port()));
}

TEST_CASE("A flood over the cap costs a bounded number of answers", "[unit][http][limits]") {
  auto server = StartServer([](HttpServerOptions& o) { o.max_connections = 1; });
  auto held = ServedConnection(server->port());
  // More clients than the gateway answers at once, none of them reading or leaving.
  std::vector<std::unique_ptr<RawConnection>> flood;
  for (int i = 0; i < 100; ++i) {
    flood.push_back(std::make_unique<RawConnection>(server->port()));
    REQUIRE(flood.back()->connected());
  }
  int answered = 0;
  for (auto& connection : flood) {
    CHECK(connection->ReadToEnd(absl::Seconds(5)));  // every one is closed
    if (connection->received().rfind("HTTP/1.1 503 ", 0) == 0) ++answered;
  }
  INFO("answered " << answered << " of " << flood.size());
  CHECK(answered >= 1);
  CHECK(answered < static_cast<int>(flood.size()));
  CHECK(server->connection_count() == 1);
}

TEST_CASE("Idle keep-alive connections close after the idle timeout", "[unit][http][limits]") {
  auto server = StartServer([](HttpServerOptions& o) { o.idle_timeout = absl::Milliseconds(300); });
  const absl::Time start = absl::Now();
  auto served = ServedConnection(server->port());
  RawConnection silent(server->port());
  CHECK(served->ReadToEnd(absl::Seconds(5)));
  CHECK(silent.ReadToEnd(absl::Seconds(5)));
  CHECK(absl::Now() - start >= absl::Milliseconds(250));
  CHECK(silent.received().empty());  // closed without an answer
  CHECK(CountReaches(*server, 0));
}

TEST_CASE("A request whose headers trickle in closes after the header timeout",
          "[unit][http][limits]") {
  auto server = StartServer([](HttpServerOptions& o) {
    o.idle_timeout = absl::Seconds(10);
    o.header_timeout = absl::Milliseconds(300);
  });
  SECTION("slow headers") {
    RawConnection slow(server->port());
    REQUIRE(slow.Send("GET /a HTTP/1.1\r\n"));
    const absl::Time start = absl::Now();
    bool closed = false;
    for (int i = 0; i < 30 && !closed; ++i) {  // one header line per 100 ms, for 3 s at most
      closed = !slow.Send("X-Slow: 1\r\n") || slow.ReadToEnd(absl::Milliseconds(100));
    }
    CHECK(closed);
    CHECK(absl::Now() - start < absl::Seconds(2));
  }
  SECTION("idle before the request is not slow headers") {
    RawConnection idle(server->port());
    absl::SleepFor(absl::Milliseconds(600));
    REQUIRE(idle.Send(kGet));
    CHECK(idle.ReadUntil(R"({"ok":1})", absl::Seconds(5)));
  }
}

}  // namespace champion::gateway
