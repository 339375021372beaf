#pragma once

// Conversions between absl::Status (used inside both services) and grpc::Status (on the
// wire). Field-level validation errors travel as a google.rpc.BadRequest detail, the delay
// after which a busy server may be asked again as a google.rpc.RetryInfo detail.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/support/status.h"

namespace champion {

//! One invalid request field: `field` is the proto field path ("split_config.gap").
struct FieldViolation {
  std::string field;
  std::string description;
};

//! InvalidArgument carrying field violations (mapped to HTTP 422 by the gateway).
absl::Status InvalidFields(absl::string_view message, std::vector<FieldViolation> violations);

//! The field violations attached by InvalidFields (empty when there are none).
std::vector<FieldViolation> GetFieldViolations(const absl::Status& status);

//! ResourceExhausted for a full queue: the caller may retry after `retry_after` (the gateway
//! answers 429 with Retry-After). Without RetryInfo, ResourceExhausted is a size limit.
absl::Status Busy(absl::string_view message, absl::Duration retry_after);

//! The retry delay attached by Busy (nullopt when there is none).
std::optional<absl::Duration> GetRetryDelay(const absl::Status& status);

//! absl -> grpc, keeping the code, the message, field violations and the retry delay.
grpc::Status ToGrpcStatus(const absl::Status& status);

//! The canonical name of a gRPC status code ("OK", "UNAVAILABLE", ...), as metrics and
//! problem+json documents spell it.
std::string GrpcCodeName(grpc::StatusCode code);

//! grpc -> absl, keeping the code, the message, field violations and the retry delay.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace champion
