// Worker failures and oversized values on the REST face, through the whole gateway (real
// HTTP, real gRPC) against the fake worker.

#include "http/api_handler.h"

#include <catch2/catch.hpp>

#include "absl/time/clock.h"
#include "nlohmann/json.hpp"
#include "support/gateway_stack.h"

namespace champion::gateway {
namespace {

using testing::CheckProblem;
using testing::GatewayStack;
using Json = nlohmann::json;

const HttpHeader kJson{"Content-Type", "application/json"};

std::string Detail(const testing::ClientResponse& response) {
  const Json json = Json::parse(response.body, nullptr, false);
  return json.is_object() && json["detail"].is_string() ? json["detail"].get<std::string>() : "";
}

// Bodies up to 256 KiB pass the gateway, so the worker's own limits can be reached.
void LargeBodies(Options& o) { o.max_body_bytes = 256 * 1024; }

}  // namespace

TEST_CASE("A busy worker's RESOURCE_EXHAUSTED is 429 with its RetryInfo as Retry-After",
          "[unit][gateway][errors]") {
  GatewayStack stack;
  const auto busy = stack.Call("GET", "/model-selection/busy");
  CheckProblem(busy, 429, "RESOURCE_EXHAUSTED");
  CHECK(busy.Header("Retry-After") == "3");  // 2.5 s, rounded up
  // Without RetryInfo and not about a size: still 429, but no delay is promised.
  const auto exhausted = stack.Call("GET", "/model-selection/exhausted");
  CheckProblem(exhausted, 429, "RESOURCE_EXHAUSTED");
  CHECK(exhausted.Header("Retry-After").empty());
}

TEST_CASE("A body over the worker's message limit is 413, not 429", "[unit][gateway][errors]") {
  GatewayStack stack(LargeBodies);
  const std::string big(testing::kFakeMaxRequestBytes + 1000, 'k');
  const auto response =
      stack.Call("POST", "/model-selection/runs",
                 R"({"store_id":3,"product_id":4,"request_id":")" + big + R"("})", {kJson});
  CheckProblem(response, 413, "PAYLOAD_TOO_LARGE");
  CHECK(response.Header("Retry-After").empty());
}

TEST_CASE("A long value echoed by the worker past gRPC's metadata limit is 413, not 429",
          "[unit][gateway][errors]") {
  GatewayStack stack(LargeBodies);
  // The fake echoes request_id into its status message: 20 KB exceeds what the gateway's
  // gRPC channel accepts as (trailing) metadata.
  const std::string id(20000, 'r');
  const auto response =
      stack.Call("POST", "/model-selection/runs",
                 R"({"store_id":7,"product_id":4,"request_id":")" + id + R"("})", {kJson});
  CheckProblem(response, 413, "PAYLOAD_TOO_LARGE");
}

TEST_CASE("Internal worker errors reach the client as a generic problem",
          "[unit][gateway][errors]") {
  GatewayStack stack;
  for (const std::string id : {"sql", "unknown"}) {
    const auto response = stack.Call("GET", "/model-selection/" + id, "", {{"X-Request-Id", id}});
    INFO(id);
    CheckProblem(response, 500, id == "sql" ? "INTERNAL" : "UNKNOWN");
    CHECK(Detail(response) == "internal error");
    CHECK(response.body.find(testing::kSecretText) == std::string::npos);
    CHECK(response.body.find("SELECT") == std::string::npos);
    CHECK(Json::parse(response.body)["request_id"] == id);
  }
  const auto down = stack.Call("GET", "/model-selection/down");
  CheckProblem(down, 503, "UNAVAILABLE");
  CHECK(down.body.find(testing::kSecretText) == std::string::npos);
  CHECK(down.body.find("db.internal") == std::string::npos);
}

TEST_CASE("Echoed values are truncated in problem details", "[unit][gateway][errors]") {
  GatewayStack stack;
  const std::string id = "missing" + std::string(1000, 'x');  // under the 1 KiB segment cap
  const auto response = stack.Call("GET", "/model-selection/" + id);
  CheckProblem(response, 404, "NOT_FOUND");
  const std::string detail = Detail(response);
  CHECK(detail.size() < 600);
  CHECK(detail.find("\xE2\x80\xA6") != std::string::npos);  // the ellipsis
  CHECK(detail.rfind("run 'missingxxx", 0) == 0);
}

TEST_CASE("Overlong path segments and query values are 414 before any worker call",
          "[unit][gateway][errors]") {
  GatewayStack stack;
  const std::string long_id(2000, 'i');
  const auto path =
      stack.Call("GET", "/model-selection/missing" + long_id, "", {{"X-Request-Id", "long-path"}});
  CheckProblem(path, 414, "URI_TOO_LONG");
  CHECK(path.body.size() < 2000);
  CHECK(stack.worker->seen().request_id != "long-path");  // never sent to the worker
  const auto query = stack.Call("GET", "/stores?search=" + long_id);
  CheckProblem(query, 414, "URI_TOO_LONG");
  CHECK(query.body.size() < 2000);
  // At the cap is fine (the fake answers GetRun with a run).
  CHECK(stack.Call("GET", "/model-selection/" + std::string(1024, 'i')).status == 200);
}

TEST_CASE("candidate_models given as an object is 400, not a one-item list",
          "[unit][gateway][errors]") {
  GatewayStack stack;
  const auto response = stack.Call(
      "POST", "/model-selection/runs",
      R"({"store_id":3,"product_id":4,"candidate_models":{"model_type":"naive"}})", {kJson});
  CheckProblem(response, 400, "INVALID_ARGUMENT");
  CHECK(Detail(response).find("candidate_models") != std::string::npos);
}

TEST_CASE("Event streams over the cap are 503 with Retry-After", "[unit][gateway][limits]") {
  GatewayStack stack([](Options& o) { o.max_event_streams = 1; });
  testing::RawConnection first(stack.port());
  REQUIRE(first.Send("GET /model-selection/hold/events HTTP/1.1\r\nHost: localhost\r\n\r\n"));
  REQUIRE(first.ReadUntil("event: snapshot", absl::Seconds(10)));
  const auto refused = stack.Call("GET", "/model-selection/r1/events");
  CheckProblem(refused, 503, "UNAVAILABLE");
  CHECK(refused.Header("Retry-After") == "5");
  CHECK(stack.Call("GET", "/model-selection/r1").status == 200);  // not a stream
  // The place comes back when the stream's gRPC call is done.
  first.Close();
  REQUIRE(stack.worker->WaitWatchCancelled(absl::Seconds(10)));
  int status = 0;
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  while (status != 200 && absl::Now() < deadline) {
    status = stack.Call("GET", "/model-selection/r1/events").status;
    if (status != 200) absl::SleepFor(absl::Milliseconds(50));
  }
  CHECK(status == 200);
}

}  // namespace champion::gateway
