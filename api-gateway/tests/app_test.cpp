// The gateway in-process on port 0 against a fake worker, driven over real HTTP.

#include "app.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "nlohmann/json.hpp"
#include "support/gateway_stack.h"

namespace champion::gateway {
namespace {

using testing::CheckProblem;
using testing::ClientResponse;
using testing::FakeWorker;
using testing::HttpCall;
using Json = nlohmann::json;

// The heartbeat override is the only option these tests change.
struct Stack : testing::GatewayStack {
  explicit Stack(absl::Duration sse_heartbeat = absl::ZeroDuration())
      : GatewayStack([sse_heartbeat](Options& o) { o.sse_heartbeat = sse_heartbeat; }) {}
};

const HttpHeader kJson{"Content-Type", "application/json"};

}  // namespace

TEST_CASE("SubmitRun answers 202 with Location and Retry-After", "[unit][gateway]") {
  Stack stack;
  const auto response = stack.Call("POST", "/model-selection/runs",
                                   R"({"store_id":"3","productId":4,"forecast_horizon":14})",
                                   {kJson, {"X-Request-Id", "test-rid-1"}});
  INFO(response.body);
  CHECK(response.status == 202);
  CHECK(response.Header("Location") == std::string("/model-selection/") + testing::kSelectionId);
  CHECK(response.Header("Retry-After") == "2");
  CHECK(response.Header("Content-Type") == "application/json");
  CHECK(response.Header("X-Request-Id") == "test-rid-1");
  CHECK(stack.worker->seen().request_id == "test-rid-1");
  const Json run = Json::parse(response.body);
  CHECK(run["selection_id"] == testing::kSelectionId);
  CHECK(run["store_id"] == "3");
  CHECK(run["status"] == "RUN_STATE_RUNNING");
  CHECK(run["winner"].is_null());
  CHECK(run["ranking"] == Json::array());
}

TEST_CASE("The worker gets the caller's trace with the gateway's own span", "[unit][gateway]") {
  Stack stack;
  const std::string incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  CHECK(stack.Call("GET", "/model-selection/r1", "", {{"traceparent", incoming}}).status == 200);
  const std::string sent = stack.worker->seen().traceparent;
  REQUIRE(sent.size() == incoming.size());
  CHECK(sent.substr(0, 36) == incoming.substr(0, 36));    // version and trace id
  CHECK(sent.substr(36, 16) != incoming.substr(36, 16));  // the gateway's span
  CHECK(sent.substr(52) == "-01");
  // Without one (or with a malformed one) the gateway starts a trace.
  CHECK(stack.Call("GET", "/model-selection/r1", "", {{"traceparent", "00-garbage"}}).status ==
        200);
  const std::string started = stack.worker->seen().traceparent;
  CHECK(started.size() == incoming.size());
  CHECK(started.substr(3, 32) != incoming.substr(3, 32));
  CHECK(started.substr(52) == "-00");
}

TEST_CASE("Validation errors from the worker become 422 with errors", "[unit][gateway]") {
  Stack stack;
  const auto response = stack.Call("POST", "/model-selection/runs", R"({"store_id":0})", {kJson});
  CheckProblem(response, 422, "INVALID_ARGUMENT");
  const Json json = Json::parse(response.body);
  CHECK(json["type"] == "/errors/validation");
  CHECK(json["instance"] == "/model-selection/runs");
  REQUIRE(json["errors"].size() == 1);
  CHECK(json["errors"][0] == Json{{"field", "store_id"}, {"message", "must be >= 1"}});
}

TEST_CASE("Gateway errors are problem+json: 400, 404, 405, 413, 415, 501", "[unit][gateway]") {
  Stack stack;
  CheckProblem(stack.Call("POST", "/model-selection/runs", R"({"store_id":)", {kJson}), 400,
               "INVALID_ARGUMENT");
  CheckProblem(stack.Call("POST", "/model-selection/runs", R"({"bogus":1})", {kJson}), 400,
               "INVALID_ARGUMENT");
  CheckProblem(stack.Call("GET", "/model-selection/missing"), 404, "NOT_FOUND");
  CheckProblem(stack.Call("GET", "/no/such/route", "", {{"Accept", "text/html"}}), 404,
               "NOT_FOUND");
  const auto not_allowed = stack.Call("DELETE", "/model-selection/runs");
  CheckProblem(not_allowed, 405, "METHOD_NOT_ALLOWED");
  CHECK(not_allowed.Header("Allow") == "GET, HEAD, POST");
  CheckProblem(stack.Call("POST", "/model-selection/runs", std::string(4096, ' '), {kJson}), 413,
               "PAYLOAD_TOO_LARGE");
  CheckProblem(stack.Call("POST", "/sales:import", "a,b\n", {kJson}), 415,
               "UNSUPPORTED_MEDIA_TYPE");
  CheckProblem(stack.Call("GET", "/stores"), 501, "UNIMPLEMENTED");
  CheckProblem(stack.Call("GET", "/sales?store_id=abc"), 400, "INVALID_ARGUMENT");
}

TEST_CASE("A bad X-Request-Id is replaced by a generated one", "[unit][gateway]") {
  Stack stack;
  const auto response =
      stack.Call("GET", "/healthz", "", {{"X-Request-Id", std::string(200, 'x')}});
  CHECK(response.status == 200);
  CHECK(response.Header("X-Request-Id").size() == 32);
}

TEST_CASE("WatchRun is served as server-sent events", "[unit][gateway]") {
  Stack stack;
  SECTION("snapshots, then the stream ends") {
    const auto response = stack.Call("GET", "/model-selection/r1/events", "",
                                     {{"Accept", "text/event-stream"}, {"X-Request-Id", "sse-1"}});
    CHECK(response.status == 200);
    CHECK(response.Header("Content-Type") == "text/event-stream");
    CHECK(response.Header("X-Request-Id") == "sse-1");
    const std::string& body = response.body;
    INFO(body);
    // retry first, then each event with its id; the settled run is the `done` event.
    REQUIRE(body.rfind("retry: 3000\nid: ", 0) == 0);
    const size_t first = body.find("\nevent: snapshot\ndata: {");
    const size_t done = body.find("\nevent: done\ndata: {");
    REQUIRE(first != std::string::npos);
    REQUIRE(done != std::string::npos);
    CHECK(first < done);
    CHECK(body.find("RUN_STATE_COMPLETED") > done);
    CHECK(body.find("RUN_STATE_RUNNING") < done);
    CHECK(body.substr(body.size() - 2) == "\n\n");
    CHECK(stack.worker->seen().request_id == "sse-1");
    const size_t id_at = body.find("id: ") + 4;
    const std::string first_id = body.substr(id_at, body.find('\n', id_at) - id_at);
    CHECK(first_id.size() == 32);

    // A reconnect that already has the running snapshot gets only the settled run.
    const auto resumed = stack.Call("GET", "/model-selection/r1/events", "",
                                    {{"Accept", "text/event-stream"}, {"Last-Event-ID", first_id}});
    INFO(resumed.body);
    CHECK(resumed.body.find("event: snapshot") == std::string::npos);
    CHECK(resumed.body.find("event: done") != std::string::npos);
    CHECK(resumed.body.find("RUN_STATE_RUNNING") == std::string::npos);
  }
  SECTION("an unknown run is a 404 problem, not a stream") {
    CheckProblem(stack.Call("GET", "/model-selection/missing/events"), 404, "NOT_FOUND");
  }
  SECTION("a client disconnecting cancels the gRPC stream") {
    testing::RawConnection connection(stack.app->port());
    REQUIRE(
        connection.Send("GET /model-selection/hold/events HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    REQUIRE(connection.ReadUntil("event: snapshot", absl::Seconds(10)));
    CHECK_FALSE(stack.worker->seen().watch_cancelled);
    connection.Close();
    CHECK(stack.worker->WaitWatchCancelled(absl::Seconds(10)));
  }
}

TEST_CASE("An idle event stream sends heartbeat comments", "[unit][gateway]") {
  Stack stack(absl::Milliseconds(300));
  testing::RawConnection connection(stack.app->port());
  REQUIRE(connection.Send("GET /model-selection/hold/events HTTP/1.1\r\nHost: localhost\r\n\r\n"));
  REQUIRE(connection.ReadUntil("event: snapshot", absl::Seconds(10)));
  const absl::Time opened = absl::Now();
  // "hold" sends one snapshot and then nothing: only heartbeats keep the connection busy.
  REQUIRE(connection.ReadUntil(": heartbeat\n\n", absl::Seconds(10)));
  CHECK(absl::Now() - opened >= absl::Milliseconds(250));
  const size_t first = connection.received().find(": heartbeat");
  REQUIRE(connection.ReadUntil(": heartbeat\n\n", absl::Seconds(10), first + 1));
  CHECK(connection.received().find("event: snapshot", first) == std::string::npos);
  CHECK_FALSE(stack.worker->seen().watch_cancelled);  // Heartbeats do not touch the run.
  // Leave no stream half-closed behind: the client goes, the gRPC stream ends.
  connection.Close();
  CHECK(stack.worker->WaitWatchCancelled(absl::Seconds(10)));
}

TEST_CASE("HEAD on a GET route answers the head only", "[unit][gateway]") {
  Stack stack;
  const auto get = stack.Call("GET", "/model-selection/r1");
  REQUIRE(get.status == 200);
  const auto head = stack.Call("HEAD", "/model-selection/r1", "", {{"X-Request-Id", "head-1"}});
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.Header("Content-Type") == "application/json");
  CHECK(head.Header("Content-Length") == std::to_string(get.body.size()));
  CHECK(stack.worker->seen().request_id == "head-1");  // Served by GetRun.
  const auto missing = stack.Call("HEAD", "/model-selection/missing");
  CHECK(missing.status == 404);
  CHECK(missing.body.empty());
  // An event stream has no head of its own: 405, and GET is the way.
  const auto events = stack.Call("HEAD", "/model-selection/r1/events");
  CHECK(events.status == 405);
  CHECK(events.Header("Allow") == "GET");
  CHECK(events.body.empty());
}

TEST_CASE("ImportSales streams the raw CSV body in chunks", "[unit][gateway]") {
  Stack stack;
  const std::string csv = "date,store_code,product_sku,quantity\n2024-01-01,S1,P1,2.5\n";
  const auto response = stack.Call("POST", "/sales:import?create_missing=true", csv,
                                   {{"Content-Type", "text/csv; charset=utf-8"}});
  INFO(response.body);
  CHECK(response.status == 200);
  const Json json = Json::parse(response.body);
  CHECK(json["rows_total"] == "1");
  CHECK(json["stores_created"] == "0");
  const auto seen = stack.worker->seen();
  CHECK(seen.csv == csv);
  CHECK(seen.create_missing);
  CHECK(seen.import_messages == static_cast<int>((csv.size() + 7) / 8));
}

TEST_CASE("GET /metrics counts requests by route template, method and status",
          "[unit][gateway][metrics]") {
  Stack stack;
  CHECK(stack.Call("GET", "/model-selection/r1").status == 200);
  CHECK(stack.Call("GET", "/model-selection/r2").status == 200);
  CheckProblem(stack.Call("GET", "/model-selection/missing"), 404, "NOT_FOUND");
  CheckProblem(stack.Call("GET", "/no/such/route"), 404, "NOT_FOUND");
  CHECK(stack.Call("BREW", "/healthz").status == 405);
  // A request is counted once its answer is written: the client may read the answer a
  // moment earlier. Scrape until everything is in (bounded).
  const std::vector<std::string> expected = {
      // Paths collapse into their route's template: the label set stays bounded.
      R"(champion_http_requests_total{method="GET",route="/model-selection/{selection_id}",status="200"} 2)",
      R"(champion_http_requests_total{method="GET",route="/model-selection/{selection_id}",status="404"} 1)",
      R"(champion_http_requests_total{method="GET",route="unmatched",status="404"} 1)",
      R"(champion_http_requests_total{method="OTHER",route="health",status="405"} 1)",
      R"(champion_upstream_errors_total{grpc_code="NOT_FOUND",grpc_method="ModelSelectionService/GetRun"} 1)",
      R"(champion_http_request_duration_seconds_count{method="GET",route="/model-selection/{selection_id}"} 3)",
      "champion_sse_open_streams 0"};
  std::string text;
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  const auto missing = [&] {
    for (const std::string& line : expected) {
      if (text.find(line + "\n") == std::string::npos) return line;
    }
    return std::string();
  };
  do {
    const ClientResponse metrics = stack.Call("GET", "/metrics");
    REQUIRE(metrics.status == 200);
    text = metrics.body;
  } while (!missing().empty() && absl::Now() < deadline);
  INFO(text);
  CHECK(missing() == "");
  // The scrape's own connection at least is open while the text is made.
  CHECK(text.find("champion_http_open_connections 0\n") == std::string::npos);
}

TEST_CASE("Health and readiness", "[unit][gateway]") {
  Stack stack;
  const auto health = stack.Call("GET", "/healthz");
  CHECK(health.status == 200);
  CHECK(Json::parse(health.body)["status"] == "ok");
  CHECK(stack.Call("GET", "/readyz").status == 200);
  stack.worker->Shutdown();
  const auto not_ready = stack.Call("GET", "/readyz");
  CheckProblem(not_ready, 503, "UNAVAILABLE");
  // Anyone may ask (no token): the answer names no address and no gRPC error text.
  CHECK(Json::parse(not_ready.body)["detail"] == "the selector-worker is not ready");
  CHECK(not_ready.body.find("127.0.0.1") == std::string::npos);
  CheckProblem(stack.Call("GET", "/model-selection/x"), 503, "UNAVAILABLE");
}

TEST_CASE("Shutdown is graceful and idempotent", "[unit][gateway]") {
  Stack stack;
  testing::RawConnection idle(stack.app->port());
  REQUIRE(idle.connected());
  const absl::Time start = absl::Now();
  stack.app->Shutdown();
  stack.app->Shutdown();
  const absl::Duration t1 = absl::Now() - start;
  CHECK_FALSE(idle.ReadUntil("HTTP/1.1", absl::Seconds(5)));  // closed without an answer
  const absl::Duration t2 = absl::Now() - start;
  CHECK(HttpCall(stack.app->port(), "GET", "/healthz").status == 0);
  INFO("shutdown " << t1 << " read " << t2 << " call " << (absl::Now() - start));
  CHECK(absl::Now() - start < absl::Seconds(5));
}

}  // namespace champion::gateway

namespace champion::gateway {

TEST_CASE("Shutdown ends open event streams and cancels only their gRPC stream",
          "[unit][gateway]") {
  Stack stack;
  testing::RawConnection connection(stack.app->port());
  REQUIRE(connection.Send("GET /model-selection/hold/events HTTP/1.1\r\nHost: localhost\r\n\r\n"));
  REQUIRE(connection.ReadUntil("event: snapshot", absl::Seconds(10)));
  const size_t before = connection.received().size();
  stack.app->Shutdown();
  CHECK(connection.ReadUntil("\r\n0\r\n\r\n", absl::Seconds(5)));  // the last chunk
  CHECK(stack.worker->WaitWatchCancelled(absl::Seconds(5)));
  // The stream's last event says why it ends (a 503 problem) and when to try again.
  const std::string farewell = connection.received().substr(before);
  CHECK(farewell.find("retry: ") != std::string::npos);
  const size_t event = farewell.find("event: error\ndata: ");
  REQUIRE(event != std::string::npos);
  const size_t data = event + std::string("event: error\ndata: ").size();
  const Json problem = Json::parse(farewell.substr(data, farewell.find('\n', data) - data));
  CHECK(problem["status"] == 503);
  CHECK(problem["code"] == "UNAVAILABLE");
  CHECK(problem["instance"] == "/model-selection/hold/events");
  CHECK(std::string(problem["detail"]).find("shutting down") != std::string::npos);
}

}  // namespace champion::gateway
