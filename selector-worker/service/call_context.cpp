#include "service/call_context.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/internal_detail.h"
#include "common/status_codes.h"
#include "service/auth_processor.h"
#include "spdlog/spdlog.h"

namespace champion::service {
namespace {

// How long a refused caller should wait: a queue drains in about this time under load.
constexpr absl::Duration kBusyRetryDelay = absl::Seconds(1);

}  // namespace

std::string CallerIdentity(const grpc::CallbackServerContext* context) {
  const auto& metadata = context->client_metadata();
  const auto it = metadata.find("authorization");
  if (it == metadata.end()) return "";
  return IdentityOf(std::string(it->second.data(), it->second.size()));
}

std::string CallLabel(const grpc::CallbackServerContext* context) {
  const auto& metadata = context->client_metadata();
  const auto it = metadata.find("x-request-id");
  std::string label =
      absl::StrCat("request_id=",
                   it == metadata.end() ? "-" : std::string(it->second.data(), it->second.size()));
  // The W3C traceparent's trace id ("00-<32 hex>-..."), when the caller sent one.
  if (const auto trace = metadata.find("traceparent"); trace != metadata.end()) {
    const std::string value(trace->second.data(), trace->second.size());
    if (value.size() >= 35 && value[2] == '-' &&
        std::all_of(value.begin() + 3, value.begin() + 35,
                    [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); })) {
      absl::StrAppend(&label, " trace_id=", value.substr(3, 32));
    }
  }
  if (const std::string identity = CallerIdentity(context); !identity.empty()) {
    absl::StrAppend(&label, " identity=", identity);
  }
  return label;
}

void LogCall(const char* method, const std::string& label, const absl::Status& status,
             double millis) {
  if (status.ok()) {
    spdlog::info("rpc {} ok {:.1f}ms {}", method, millis, label);
    return;
  }
  const std::string detail = GetInternalDetail(status).value_or("");
  const bool bug =
      status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown;
  spdlog::log(bug ? spdlog::level::err : spdlog::level::warn, "rpc {} {}: {}{}{} {:.1f}ms {}",
              method, absl::StatusCodeToString(status.code()), std::string(status.message()),
              detail.empty() ? "" : " | ", detail, millis, label);
}

grpc::Status ToGrpc(const absl::Status& status) { return ToGrpcStatus(status); }

absl::Status PoolBusy(const HandlerPool& pool) {
  return Busy(absl::StrCat("the worker is busy (", pool.max_queued(), " ", pool.name(),
                           " calls queued); retry later"),
              kBusyRetryDelay);
}

}  // namespace champion::service
