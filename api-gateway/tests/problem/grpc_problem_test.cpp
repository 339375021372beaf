#include "problem/grpc_problem.h"

#include <catch2/catch.hpp>

#include "common/status_codes.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/error_details.h"

namespace champion::gateway {
namespace {

grpc::Status WithRetryInfo(std::string message, int64_t seconds, int32_t nanos) {
  google::rpc::Status rpc_status;
  rpc_status.set_code(grpc::StatusCode::RESOURCE_EXHAUSTED);
  rpc_status.set_message(std::move(message));
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(seconds);
  retry.mutable_retry_delay()->set_nanos(nanos);
  rpc_status.add_details()->PackFrom(retry);
  grpc::Status out;
  REQUIRE(grpc::SetErrorDetails(rpc_status, &out).ok());
  return out;
}

Problem From(const grpc::Status& status) { return ProblemFromGrpcStatus(status, "/p", "rid"); }

}  // namespace

TEST_CASE("RESOURCE_EXHAUSTED with RetryInfo is 429 with Retry-After", "[unit][problem]") {
  const Problem busy = From(WithRetryInfo("the worker is busy", 2, 500000000));
  CHECK(busy.status == 429);
  CHECK(busy.code == "RESOURCE_EXHAUSTED");
  CHECK(busy.retry_after_seconds == 3);
  CHECK(busy.detail == "the worker is busy");
  CHECK(From(WithRetryInfo("busy", 0, 0)).retry_after_seconds == 1);             // never "0"
  CHECK(From(WithRetryInfo("busy", 86400 * 7, 0)).retry_after_seconds == 3600);  // capped
  // RetryInfo wins even when the message mentions a size.
  CHECK(From(WithRetryInfo("queue size exceeds limit", 1, 0)).status == 429);
}

TEST_CASE("RESOURCE_EXHAUSTED about a size limit is 413", "[unit][problem]") {
  using grpc::StatusCode;
  for (const char* message : {"Received message larger than max (70000 vs. 65536)",
                              "Sent message larger than max (70000 vs. 65536)",
                              "received initial metadata size exceeds limit",
                              "received trailing metadata size exceeds limit",
                              "the CSV is larger than the limit of 100 bytes"}) {
    INFO(message);
    const Problem problem = From(grpc::Status(StatusCode::RESOURCE_EXHAUSTED, message));
    CHECK(problem.status == 413);
    CHECK(problem.code == "PAYLOAD_TOO_LARGE");
    CHECK(problem.type == "/errors/payload-too-large");
    CHECK(problem.retry_after_seconds == 0);
  }
  const Problem other = From(grpc::Status(StatusCode::RESOURCE_EXHAUSTED, "quota used up"));
  CHECK(other.status == 429);
  CHECK(other.retry_after_seconds == 0);
}

TEST_CASE("A call the worker cancelled (it was stopping) is 503 and worth a retry",
          "[unit][problem]") {
  const Problem stopped = From(grpc::Status(grpc::StatusCode::CANCELLED, "Cancelled"));
  CHECK(stopped.status == 503);
  CHECK(stopped.code == "UNAVAILABLE");
  CHECK(stopped.retry_after_seconds == 1);
  CHECK(stopped.detail == "the selector-worker stopped while answering; try again");
}

TEST_CASE("Other gRPC statuses follow the status table", "[unit][problem]") {
  const Problem validation =
      From(ToGrpcStatus(InvalidFields("bad", {{"store_id", "must be >= 1"}})));
  CHECK(validation.status == 422);
  REQUIRE(validation.errors.size() == 1);
  CHECK(validation.errors[0].field == "store_id");
  const Problem internal = From(grpc::Status(grpc::StatusCode::INTERNAL, "SELECT secret"));
  CHECK(internal.status == 500);
  CHECK(internal.detail == "internal error");
  CHECK(internal.request_id == "rid");
  CHECK(From(grpc::Status(grpc::StatusCode::NOT_FOUND, "run 'x' not found")).detail ==
        "run 'x' not found");
}

}  // namespace champion::gateway
