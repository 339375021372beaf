#include "service/call_context.h"

#include "absl/strings/str_cat.h"
#include "common/internal_detail.h"
#include "common/status_codes.h"
#include "spdlog/spdlog.h"

namespace champion::service {
namespace {

// How long a refused caller should wait: a queue drains in about this time under load.
constexpr absl::Duration kBusyRetryDelay = absl::Seconds(1);

}  // namespace

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
    return;
  }
  const std::string detail = GetInternalDetail(status).value_or("");
  const bool bug =
      status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown;
  spdlog::log(bug ? spdlog::level::err : spdlog::level::warn,
              "rpc {} {}: {}{}{} {:.1f}ms request_id={}", method,
              absl::StatusCodeToString(status.code()), std::string(status.message()),
              detail.empty() ? "" : " | ", detail, millis, request_id);
}

grpc::Status ToGrpc(const absl::Status& status) { return ToGrpcStatus(status); }

absl::Status PoolBusy(const HandlerPool& pool) {
  return Busy(absl::StrCat("the worker is busy (", pool.max_queued(), " ", pool.name(),
                           " calls queued); retry later"),
              kBusyRetryDelay);
}

}  // namespace champion::service
