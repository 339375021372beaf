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

namespace champion::gateway {

TEST_CASE("Echoed values are cut to a bounded length with an ellipsis", "[unit][problem]") {
  CHECK(TruncateForClient("short", 200) == "short");
  CHECK(TruncateForClient(std::string(300, 'a'), 200) == std::string(200, 'a') + "\xE2\x80\xA6");
  // Never inside a UTF-8 sequence: "é" is two bytes; cutting at 3 keeps "aé".
  CHECK(TruncateForClient("a\xC3\xA9\xC3\xA9", 4) == "a\xC3\xA9\xE2\x80\xA6");
  CHECK(TruncateForClient(std::string(2000, 'v')).size() == kMaxEchoedValueBytes + 3);
}

TEST_CASE("Problem details are bounded and internal messages never shown", "[unit][problem]") {
  const Problem long_detail =
      ProblemFromStatus(absl::NotFoundError("run '" + std::string(5000, 'x') + "'"), "/p", "r");
  CHECK(long_detail.detail.size() <= kMaxDetailBytes + 3);
  CHECK(long_detail.detail.rfind("run 'xxx", 0) == 0);
  for (const absl::Status& status :
       {absl::InternalError("ERROR: relation \"runs\" does not exist; SELECT 1"),
        absl::UnknownError("SELECT 1"), absl::DataLossError("page checksum"),
        absl::OutOfRangeError("x"), absl::CancelledError("x")}) {
    INFO(status.ToString());
    const Problem problem = ProblemFromStatus(status, "/p", "r");
    CHECK(problem.status == 500);
    CHECK(problem.detail == "internal error");
  }
  const Problem unavailable = ProblemFromStatus(
      absl::UnavailableError("connection to server at db:5432 failed"), "/p", "r");
  CHECK(unavailable.status == 503);
  CHECK(unavailable.detail.find("db:5432") == std::string::npos);
  const Problem long_path = MakeProblem(414, "URI_TOO_LONG", "x", std::string(5000, '/'), "r");
  CHECK(long_path.instance.size() <= kMaxInstanceBytes + 3);
}

TEST_CASE("Retry-After is sent when a problem names a delay", "[unit][problem]") {
  Problem busy = MakeProblem(503, "UNAVAILABLE", "too many event streams", "/p", "r");
  CHECK(ProblemResponse(busy).Header("Retry-After").empty());
  busy.retry_after_seconds = 5;
  CHECK(ProblemResponse(busy).Header("Retry-After") == "5");
}

}  // namespace champion::gateway
