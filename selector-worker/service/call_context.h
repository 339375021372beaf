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

//! The identity key of the call's credential ("token:dev", "jwt:svc") as the auth processor
//! established it; empty when authentication is off.
std::string CallerIdentity(const grpc::CallbackServerContext* context);

//! What every log line of a call names: "request_id=<x-request-id or -> identity=<key>"
//! (identity omitted when authentication is off). Never the credential or other metadata.
std::string CallLabel(const grpc::CallbackServerContext* context);

//! Logs the outcome of one call.
void LogCall(const char* method, const std::string& label, const absl::Status& status,
             double millis);

//! absl -> grpc (common/status_codes.h), declared here to keep this header light.
grpc::Status ToGrpc(const absl::Status& status);

//! A server stream refused before it starts (e.g. a malformed request): finishes with
//! `status` at once and deletes itself when done.
template <typename Message>
class RejectedWriteReactor final : public grpc::ServerWriteReactor<Message> {
 public:
  explicit RejectedWriteReactor(const grpc::Status& status) { this->Finish(status); }
  void OnDone() override { delete this; }
};

//! The answer to a call refused because `pool`'s queue is full: RESOURCE_EXHAUSTED with a
//! google.rpc.RetryInfo (the gateway answers 429 with Retry-After).
absl::Status PoolBusy(const HandlerPool& pool);

//! Runs `body` (returning absl::Status) on `pool` and finishes the call with its result. A
//! full pool answers PoolBusy at once; a caller that has gone (cancelled, deadline passed)
//! before a thread picks the call up gets CANCELLED without `body` running.
template <typename Body>
grpc::ServerUnaryReactor* RunUnary(grpc::CallbackServerContext* context, HandlerPool& pool,
                                   const char* method, Body body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::string label = CallLabel(context);
  // `context` lives until the call is done, which is after Finish.
  const bool queued =
      pool.Post([context, reactor, method, label, body = std::move(body)]() mutable {
        if (context->IsCancelled()) {
          LogCall(method, label, absl::CancelledError("the caller went away before it ran"), 0);
          reactor->Finish(grpc::Status::CANCELLED);
          return;
        }
        const auto start = std::chrono::steady_clock::now();
        absl::Status status = body();
        const std::chrono::duration<double, std::milli> took =
            std::chrono::steady_clock::now() - start;
        LogCall(method, label, status, took.count());
        reactor->Finish(ToGrpc(status));
      });
  if (!queued) {
    const absl::Status busy = PoolBusy(pool);
    LogCall(method, label, busy, 0);
    reactor->Finish(ToGrpc(busy));
  }
  return reactor;
}

}  // namespace champion::service
