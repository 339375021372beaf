#pragma once

// The final status of a worker call -> a problem, telling a busy worker (429) from a
// request that hit a size limit (413) although gRPC names both RESOURCE_EXHAUSTED.

#include <string>

#include "grpcpp/support/status.h"
#include "problem/problem_json.h"

namespace champion::gateway {

//! Longest Retry-After derived from a worker's RetryInfo, in seconds.
inline constexpr int kMaxRetryAfterSeconds = 3600;

//! True when `message` (of a RESOURCE_EXHAUSTED) is about a size limit: gRPC's own
//! message and metadata limits ("Received message larger than max (…)", "received
//! initial metadata size exceeds limit") or the worker's ("larger than the limit").
bool IsSizeLimitMessage(std::string_view message);

//! The problem for a worker call's non-OK status:
//!  - RESOURCE_EXHAUSTED with a google.rpc.RetryInfo detail (the worker is busy): 429,
//!    retry_after_seconds = the delay rounded up, within 1..kMaxRetryAfterSeconds;
//!  - RESOURCE_EXHAUSTED without one whose message is about a size limit: 413
//!    PAYLOAD_TOO_LARGE (a metadata limit is reported as "a value in the request is too
//!    long": it is hit when the worker echoes a long value in its answer);
//!  - anything else: ProblemFromStatus(FromGrpcStatus(status)) (so RESOURCE_EXHAUSTED
//!    otherwise stays 429, without Retry-After, and internal messages are not shown).
Problem ProblemFromGrpcStatus(const grpc::Status& status, std::string instance,
                              std::string request_id);

}  // namespace champion::gateway
