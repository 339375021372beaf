#include "service/call_context.h"

#include "common/status_codes.h"
#include "spdlog/spdlog.h"

namespace champion::service {

std::string RequestId(const grpc::CallbackServerContext* context) {
  const auto& metadata = context->client_metadata();
  const auto it = metadata.find("x-request-id");
  if (it == metadata.end()) return "-";
  return std::string(it->second.data(), it->second.size());
}

void LogCall(const char* method, const std::string& request_id, const absl::Status& status,
             double millis) {
  if (status.ok()) {
    spdlog::info("rpc {} ok {:.1f}ms request_id={}", method, millis, request_id);
  } else if (status.code() == absl::StatusCode::kInternal ||
             status.code() == absl::StatusCode::kUnknown) {
    spdlog::error("rpc {} {}: {} {:.1f}ms request_id={}", method,
                  absl::StatusCodeToString(status.code()), std::string(status.message()), millis,
                  request_id);
  } else {
    spdlog::warn("rpc {} {} {:.1f}ms request_id={}", method, status.ToString(), millis, request_id);
  }
}

grpc::Status ToGrpc(const absl::Status& status) { return ToGrpcStatus(status); }

}  // namespace champion::service
