#include "support/gateway_stack.h"

#include <catch2/catch.hpp>

#include "nlohmann/json.hpp"

namespace champion::gateway::testing {

Options TestOptions(const std::string& worker_target) {
  Options options;
  options.http_port = 0;
  options.worker_target = worker_target;
  options.static_dir = "/nonexistent/dist";
  options.max_body_bytes = 1024;
  options.raw_body_chunk_bytes = 8;
  options.threads = 2;
  options.shutdown_grace = absl::Seconds(2);
  return options;
}

GatewayStack::GatewayStack(const std::function<void(Options&)>& adjust) {
  worker = FakeWorker::Start();
  Options options = TestOptions(worker->target());
  if (adjust) adjust(options);
  auto created = GatewayApp::Create(options);
  REQUIRE(created.ok());
  app = *std::move(created);
}

ClientResponse GatewayStack::Call(const std::string& method, const std::string& target,
                                  const std::string& body, std::vector<HttpHeader> headers) const {
  return HttpCall(app->port(), method, target, body, std::move(headers));
}

void CheckProblem(const ClientResponse& response, int status, const std::string& code) {
  INFO(response.body);
  CHECK(response.status == status);
  CHECK(response.Header("Content-Type") == "application/problem+json");
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  REQUIRE_FALSE(json.is_discarded());
  CHECK(json["status"] == status);
  CHECK(json["code"] == code);
  CHECK(json["request_id"] == std::string(response.Header("X-Request-Id")));
  CHECK(json["errors"].is_array());
}

}  // namespace champion::gateway::testing
