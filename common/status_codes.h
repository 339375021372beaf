#pragma once

// Conversions between absl::Status (used inside both services) and grpc::Status (on the
// wire). Field-level validation errors travel as a google.rpc.BadRequest detail.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
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

//! absl -> grpc, keeping the code, the message and any field violations.
grpc::Status ToGrpcStatus(const absl::Status& status);

//! grpc -> absl, keeping the code, the message and any field violations.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace champion
