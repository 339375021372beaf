#include "problem/grpc_problem.h"

#include <algorithm>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/status_codes.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/error_details.h"

namespace champion::gateway {
namespace {

// The RetryInfo delay in whole seconds (rounded up), when the status carries one.
std::optional<int64_t> RetryDelaySeconds(const grpc::Status& status) {
  if (status.error_details().empty()) return std::nullopt;
  google::rpc::Status rpc_status;
  if (!grpc::ExtractErrorDetails(status, &rpc_status).ok()) return std::nullopt;
  for (const auto& detail : rpc_status.details()) {
    google::rpc::RetryInfo retry;
    if (!detail.UnpackTo(&retry)) continue;
    const auto& delay = retry.retry_delay();
    return std::max<int64_t>(0, delay.seconds()) + (delay.nanos() > 0 ? 1 : 0);
  }
  return std::nullopt;
}

}  // namespace

bool IsSizeLimitMessage(std::string_view message) {
  const std::string lower =
      absl::AsciiStrToLower(absl::string_view(message.data(), message.size()));
  for (const char* phrase :
       {"larger than max", "exceeds limit", "larger than the limit", "too large"}) {
    if (absl::StrContains(lower, phrase)) return true;
  }
  return false;
}

Problem ProblemFromGrpcStatus(const grpc::Status& status, std::string instance,
                              std::string request_id) {
  if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
    if (const auto delay = RetryDelaySeconds(status)) {
      Problem problem =
          ProblemFromStatus(FromGrpcStatus(status), std::move(instance), std::move(request_id));
      problem.retry_after_seconds =
          static_cast<int>(std::clamp<int64_t>(*delay, 1, kMaxRetryAfterSeconds));
      return problem;
    }
    const std::string& message = status.error_message();
    if (IsSizeLimitMessage(message)) {
      // gRPC's metadata wording would mislead: the culprit is a long request value that
      // came back inside the worker's answer.
      std::string detail = absl::StrContains(absl::AsciiStrToLower(message), "metadata")
                               ? "a value in the request is too long"
                               : message;
      return MakeProblem(413, "PAYLOAD_TOO_LARGE", std::move(detail), std::move(instance),
                         std::move(request_id));
    }
  }
  if (status.error_code() == grpc::StatusCode::CANCELLED) {
    // The worker gave up the call (it was stopping): nothing the client did, and worth
    // another try. (A call the client left is never answered at all.)
    Problem problem =
        MakeProblem(503, "UNAVAILABLE", "the selector-worker stopped while answering; try again",
                    std::move(instance), std::move(request_id));
    problem.retry_after_seconds = 1;
    return problem;
  }
  return ProblemFromStatus(FromGrpcStatus(status), std::move(instance), std::move(request_id));
}

}  // namespace champion::gateway
