#include "common/status_codes.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/error_details.h"

namespace champion {
namespace {

constexpr absl::string_view kBadRequestUrl = "type.googleapis.com/google.rpc.BadRequest";

google::rpc::BadRequest ToBadRequest(const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest bad_request;
  for (const auto& v : violations) {
    auto* fv = bad_request.add_field_violations();
    fv->set_field(v.field);
    fv->set_description(v.description);
  }
  return bad_request;
}

std::vector<FieldViolation> FromBadRequest(const google::rpc::BadRequest& bad_request) {
  std::vector<FieldViolation> out;
  for (const auto& fv : bad_request.field_violations()) {
    out.push_back({fv.field(), fv.description()});
  }
  return out;
}

}  // namespace

absl::Status InvalidFields(absl::string_view message, std::vector<FieldViolation> violations) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kBadRequestUrl, absl::Cord(ToBadRequest(violations).SerializeAsString()));
  return status;
}

std::vector<FieldViolation> GetFieldViolations(const absl::Status& status) {
  auto payload = status.GetPayload(kBadRequestUrl);
  if (!payload.has_value()) return {};
  google::rpc::BadRequest bad_request;
  if (!bad_request.ParseFromString(std::string(*payload))) return {};
  return FromBadRequest(bad_request);
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  const auto violations = GetFieldViolations(status);
  if (violations.empty()) return grpc::Status(code, message);
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(code));
  rpc_status.set_message(message);
  rpc_status.add_details()->PackFrom(ToBadRequest(violations));
  grpc::Status out;
  if (!grpc::SetErrorDetails(rpc_status, &out).ok()) return grpc::Status(code, message);
  return out;
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  google::rpc::Status rpc_status;
  if (!status.error_details().empty() && grpc::ExtractErrorDetails(status, &rpc_status).ok()) {
    for (const auto& detail : rpc_status.details()) {
      google::rpc::BadRequest bad_request;
      if (detail.UnpackTo(&bad_request)) {
        absl::Status out(code, status.error_message());
        out.SetPayload(kBadRequestUrl, absl::Cord(bad_request.SerializeAsString()));
        return out;
      }
    }
  }
  return absl::Status(code, status.error_message());
}

}  // namespace champion
