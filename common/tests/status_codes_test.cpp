#include "common/status_codes.h"

#include <catch2/catch.hpp>

namespace champion {
namespace {

TEST_CASE("Busy carries its retry delay through gRPC and back", "[common]") {
  const absl::Status busy = Busy("queue full", absl::Milliseconds(1500));
  CHECK(busy.code() == absl::StatusCode::kResourceExhausted);
  REQUIRE(GetRetryDelay(busy).has_value());
  CHECK(*GetRetryDelay(busy) == absl::Milliseconds(1500));

  const grpc::Status wire = ToGrpcStatus(busy);
  CHECK(wire.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  CHECK(wire.error_message() == "queue full");
  const absl::Status back = FromGrpcStatus(wire);
  CHECK(back.code() == absl::StatusCode::kResourceExhausted);
  REQUIRE(GetRetryDelay(back).has_value());
  CHECK(*GetRetryDelay(back) == absl::Milliseconds(1500));
  CHECK(GetFieldViolations(back).empty());
}

TEST_CASE("A size limit (ResourceExhausted without RetryInfo) has no retry delay", "[common]") {
  const absl::Status limit = absl::ResourceExhaustedError("the CSV is larger than the limit");
  CHECK_FALSE(GetRetryDelay(limit).has_value());
  CHECK_FALSE(GetRetryDelay(FromGrpcStatus(ToGrpcStatus(limit))).has_value());
}

TEST_CASE("Field violations survive the round trip next to nothing else", "[common]") {
  const absl::Status invalid =
      InvalidFields("invalid request", {{"forecast_horizon", "is required"}});
  const absl::Status back = FromGrpcStatus(ToGrpcStatus(invalid));
  CHECK(back.code() == absl::StatusCode::kInvalidArgument);
  REQUIRE(GetFieldViolations(back).size() == 1);
  CHECK(GetFieldViolations(back)[0].field == "forecast_horizon");
  CHECK(GetFieldViolations(back)[0].description == "is required");
  CHECK_FALSE(GetRetryDelay(back).has_value());
}

TEST_CASE("gRPC codes have their canonical names", "[common]") {
  CHECK(GrpcCodeName(grpc::StatusCode::OK) == "OK");
  CHECK(GrpcCodeName(grpc::StatusCode::UNAVAILABLE) == "UNAVAILABLE");
  CHECK(GrpcCodeName(grpc::StatusCode::INVALID_ARGUMENT) == "INVALID_ARGUMENT");
  CHECK(GrpcCodeName(grpc::StatusCode::UNAUTHENTICATED) == "UNAUTHENTICATED");
}

}  // namespace
}  // namespace champion
