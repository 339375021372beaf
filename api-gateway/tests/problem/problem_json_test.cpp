#include "problem/problem_json.h"

#include <catch2/catch.hpp>

#include "common/status_codes.h"
#include "nlohmann/json.hpp"

namespace champion::gateway {

TEST_CASE("gRPC status to HTTP status table", "[unit][problem]") {
  using C = absl::StatusCode;
  struct Row {
    C code;
    bool violations;
    int http;
  };
  const Row rows[] = {
      {C::kInvalidArgument, true, 422},
      {C::kInvalidArgument, false, 400},
      {C::kNotFound, false, 404},
      {C::kAlreadyExists, false, 409},
      {C::kFailedPrecondition, false, 409},
      {C::kAborted, false, 409},
      {C::kResourceExhausted, false, 429},
      {C::kUnauthenticated, false, 401},
      {C::kPermissionDenied, false, 403},
      {C::kDeadlineExceeded, false, 504},
      {C::kUnavailable, false, 503},
      {C::kUnimplemented, false, 501},
      {C::kInternal, false, 500},
      {C::kUnknown, false, 500},
      {C::kCancelled, false, 500},
      {C::kDataLoss, false, 500},
      {C::kOutOfRange, false, 500},
      {C::kOk, false, 500},
      {C::kNotFound, true, 404},
  };
  for (const Row& row : rows) {
    INFO(absl::StatusCodeToString(row.code) << " violations=" << row.violations);
    CHECK(HttpStatusFor(row.code, row.violations) == row.http);
  }
}

TEST_CASE("A validation problem lists the field violations as errors (422)", "[unit][problem]") {
  const absl::Status status = InvalidFields(
      "request is invalid", {{"store_id", "must be >= 1"}, {"split_config.gap", "< horizon"}});
  const Problem problem = ProblemFromStatus(status, "/model-selection/runs", "rid-1");
  CHECK(problem.status == 422);
  CHECK(problem.type == "/errors/validation");
  const auto json = nlohmann::ordered_json::parse(ProblemToJson(problem));
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"type", "title", "status", "detail", "instance", "code",
                                         "request_id", "errors"});
  CHECK(json["title"] == "Unprocessable Content");
  CHECK(json["status"] == 422);
  CHECK(json["detail"] == "request is invalid");
  CHECK(json["instance"] == "/model-selection/runs");
  CHECK(json["code"] == "INVALID_ARGUMENT");
  CHECK(json["request_id"] == "rid-1");
  REQUIRE(json["errors"].size() == 2);
  CHECK(json["errors"][1]["field"] == "split_config.gap");
  CHECK(json["errors"][1]["message"] == "< horizon");
}

TEST_CASE("Problems from plain statuses and from the gateway", "[unit][problem]") {
  const Problem not_found =
      ProblemFromStatus(absl::NotFoundError("run x not found"), "/model-selection/x", "r");
  CHECK(not_found.status == 404);
  CHECK(not_found.type == "/errors/not-found");
  CHECK(not_found.code == "NOT_FOUND");
  CHECK(not_found.title == "Not Found");
  CHECK(not_found.errors.empty());
  const Problem bad = ProblemFromStatus(absl::InvalidArgumentError(""), "/p", "r");
  CHECK(bad.status == 400);
  CHECK(bad.detail == "Bad Request");  // never empty
  const Problem too_large = MakeProblem(413, "PAYLOAD_TOO_LARGE", "too big", "/p", "r");
  CHECK(too_large.type == "/errors/payload-too-large");
  CHECK(too_large.title == "Content Too Large");
  const HttpResponse response = ProblemResponse(too_large);
  CHECK(response.status == 413);
  CHECK(response.Header("content-type") == "application/problem+json");
  CHECK(nlohmann::json::parse(response.body)["errors"].is_array());
}

}  // namespace champion::gateway
