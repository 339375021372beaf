#pragma once

// What every unary handler does around its body: run it on the handler pool (SQL blocks),
// map absl::Status to grpc::Status, and log one line with the method, the outcome, the
// duration and the caller's x-request-id.

#include <chrono>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "service/handler_pool.h"

namespace champion::service {

//! The x-request-id metadata of the call ("-" when absent). Never logs other metadata.
std::string RequestId(const grpc::CallbackServerContext* context);

//! Logs the outcome of one call.
void LogCall(const char* method, const std::string& request_id, const absl::Status& status,
             double millis);

//! absl -> grpc (common/status_codes.h), declared here to keep this header light.
grpc::Status ToGrpc(const absl::Status& status);

//! Runs `body` (returning absl::Status) on `pool` and finishes the call with its result.
template <typename Body>
grpc::ServerUnaryReactor* RunUnary(grpc::CallbackServerContext* context, HandlerPool& pool,
                                   const char* method, Body body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  pool.Post([reactor, method, request_id = RequestId(context), body = std::move(body)]() mutable {
    const auto start = std::chrono::steady_clock::now();
    absl::Status status = body();
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    LogCall(method, request_id, status, took.count());
    reactor->Finish(ToGrpc(status));
  });
  return reactor;
}

}  // namespace champion::service
