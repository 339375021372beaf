#include "common/status_codes.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/error_details.h"

namespace champion {
namespace {

constexpr absl::string_view kBadRequestUrl = "type.googleapis.com/google.rpc.BadRequest";
constexpr absl::string_view kRetryInfoUrl = "type.googleapis.com/google.rpc.RetryInfo";

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

absl::Status Busy(absl::string_view message, absl::Duration retry_after) {
  absl::Status status = absl::ResourceExhaustedError(message);
  google::rpc::RetryInfo info;
  const int64_t millis = absl::ToInt64Milliseconds(retry_after);
  info.mutable_retry_delay()->set_seconds(millis / 1000);
  info.mutable_retry_delay()->set_nanos(static_cast<int32_t>(millis % 1000) * 1000000);
  status.SetPayload(kRetryInfoUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

std::optional<absl::Duration> GetRetryDelay(const absl::Status& status) {
  auto payload = status.GetPayload(kRetryInfoUrl);
  google::rpc::RetryInfo info;
  if (!payload.has_value() || !info.ParseFromString(std::string(*payload))) return std::nullopt;
  return absl::Seconds(info.retry_delay().seconds()) +
         absl::Nanoseconds(info.retry_delay().nanos());
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(code));
  rpc_status.set_message(message);
  // Each payload is the serialized detail message itself (see InvalidFields and Busy).
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    if (url != kBadRequestUrl && url != kRetryInfoUrl) return;
    google::protobuf::Any* any = rpc_status.add_details();
    any->set_type_url(std::string(url));
    any->set_value(std::string(payload));
  });
  if (rpc_status.details().empty()) return grpc::Status(code, message);
  grpc::Status out;
  if (!grpc::SetErrorDetails(rpc_status, &out).ok()) return grpc::Status(code, message);
  return out;
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  absl::Status out(code, status.error_message());
  google::rpc::Status rpc_status;
  if (!status.error_details().empty() && grpc::ExtractErrorDetails(status, &rpc_status).ok()) {
    for (const auto& detail : rpc_status.details()) {
      if (detail.type_url() == kBadRequestUrl || detail.type_url() == kRetryInfoUrl) {
        out.SetPayload(detail.type_url(), absl::Cord(detail.value()));
      }
    }
  }
  return out;
}

std::string GrpcCodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

}  // namespace champion
