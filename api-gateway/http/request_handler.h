#pragma once

// The gateway's front door, independent of the socket layer: /healthz, /readyz, the
// REST routes of the route table, the static dashboard, and problem+json for the rest.

#include <functional>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "http/api_handler.h"
#include "http/browser_policy.h"
#include "http/exchange.h"
#include "http/http_events.h"
#include "http/http_message.h"
#include "http/request_auth.h"
#include "http/static_files.h"
#include "transcode/route_table.h"
#include "upstream/worker_client.h"

namespace champion::gateway {

class RequestHandler {
 public:
  //! All pointers are borrowed and must outlive the handler and its pending calls.
  //! `static_files` may be null (no dashboard).
  RequestHandler(const RouteTable* routes, WorkerClient* worker, const StaticFiles* static_files,
                 const BrowserPolicy* policy, const RequestAuth* auth,
                 ApiHandlerOptions api_options, absl::Duration readiness_timeout,
                 std::function<std::string()> metrics_text = {}, std::string openapi_json = {});

  //! Answers `request` on `exchange`, now or later from another thread:
  //!  - a path segment or query value over kMaxUriComponentBytes: 414 (nothing else runs);
  //!  - GET /healthz: 200 while the process is up;
  //!  - GET /readyz: 200 when the worker's health check says SERVING, else 503;
  //!  - the browser policy's refusals (421 foreign Host, 403 foreign Origin) and CORS
  //!    preflight answers;
  //!  - GET /openapi.json: `openapi_json` (the API description, public like the
  //!    dashboard); 404 when empty;
  //!  - GET /whoami: the caller's identity and scopes (401 without valid credentials);
  //!  - GET /metrics: `metrics_text` (Prometheus text format) to a credential with the
  //!    metrics:read scope (401/403 otherwise); 404 without `metrics_text`;
  //!  - a REST route: 401/403 without credentials carrying its scope, else the worker call
  //!    (405 + Allow when the path exists with other methods);
  //!  - else a static file / client route (GET, HEAD), else 404.
  //! Each request's route label (HttpEvents) is set on the exchange. Every answer carries
  //! the security headers. Every error is problem+json; no exception
  //! escapes. Thread-safe.
  void Handle(const HttpRequest& request, const std::shared_ptr<Exchange>& exchange) const;

 private:
  void Dispatch(const HttpRequest& request, const std::shared_ptr<Exchange>& exchange) const;
  void Ready(const HttpRequest& request, const std::shared_ptr<Exchange>& exchange) const;
  void Metrics(const HttpRequest& request, const std::shared_ptr<Exchange>& exchange) const;

  const RouteTable* routes_;
  WorkerClient* worker_;
  const StaticFiles* static_files_;
  const BrowserPolicy* policy_;
  const RequestAuth* auth_;
  ApiHandler api_;
  absl::Duration readiness_timeout_;
  std::function<std::string()> metrics_text_;
  std::string openapi_json_;
};

}  // namespace champion::gateway
