#pragma once

// What the gateway's HTTP layer reports (metrics, in the gateway's wiring): connections,
// event streams, every answered request, and the worker's errors. No-op defaults; tests
// record with a fake.

#include <string_view>

#include "absl/time/time.h"
#include "grpcpp/support/status.h"

namespace champion::gateway {

//! Thread-safe implementations only: every I/O thread reports.
class HttpEvents {
 public:
  virtual ~HttpEvents() = default;
  virtual void ConnectionOpened() {}
  virtual void ConnectionClosed() {}
  virtual void StreamOpened() {}
  virtual void StreamClosed() {}
  //! A request was answered (or its client left: 499). `route` is a bounded label: the
  //! matched REST template ("/v1/runs/{run_id}") or one of the gateway's own names;
  //! `method` is one of MetricMethod's answers.
  virtual void RequestDone(std::string_view /*route*/, std::string_view /*method*/, int /*status*/,
                           absl::Duration /*took*/) {}
  //! The worker answered `rpc_path` ("/champion.v1.X/Method") with a non-OK `code`.
  virtual void UpstreamFailed(std::string_view /*rpc_path*/, grpc::StatusCode /*code*/) {}
};

//! The shared do-nothing instance.
HttpEvents& NoHttpEvents();

//! An HTTP method as a metric label: the standard ones as they are, anything else "OTHER"
//! (clients choose methods: the label set must stay bounded).
std::string_view MetricMethod(std::string_view method);

//! Route labels of the requests no REST route matched.
inline constexpr std::string_view kRouteHealth = "health";
inline constexpr std::string_view kRouteWhoAmI = "whoami";
inline constexpr std::string_view kRouteMetrics = "metrics";
inline constexpr std::string_view kRouteStatic = "static";
inline constexpr std::string_view kRouteOpenApi = "openapi";
inline constexpr std::string_view kRouteUnmatched = "unmatched";
inline constexpr std::string_view kRouteUnparsed = "unparsed";  //!< refused before a request

}  // namespace champion::gateway
