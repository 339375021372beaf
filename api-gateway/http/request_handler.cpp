#include "http/request_handler.h"

#include <exception>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "http/uri_limits.h"
#include "problem/problem_json.h"
#include "spdlog/spdlog.h"

namespace champion::gateway {
namespace {

HttpResponse MethodNotAllowed(const HttpRequest& request, const std::vector<std::string>& allowed) {
  HttpResponse response = ProblemResponse(MakeProblem(
      405, "METHOD_NOT_ALLOWED",
      absl::StrCat(TruncateForClient(request.method), " is not allowed on ",
                   TruncateForClient(request.path), "; use ", absl::StrJoin(allowed, ", ")),
      request.path, request.request_id));
  response.SetHeader("Allow", absl::StrJoin(allowed, ", "));
  return response;
}

}  // namespace

RequestHandler::RequestHandler(const RouteTable* routes, WorkerClient* worker,
                               const StaticFiles* static_files, const BrowserPolicy* policy,
                               const RequestAuth* auth, ApiHandlerOptions api_options,
                               absl::Duration readiness_timeout,
                               std::function<std::string()> metrics_text, std::string openapi_json)
    : routes_(routes),
      worker_(worker),
      static_files_(static_files),
      policy_(policy),
      auth_(auth),
      api_(worker, api_options),
      readiness_timeout_(readiness_timeout),
      metrics_text_(std::move(metrics_text)),
      openapi_json_(std::move(openapi_json)) {}

void RequestHandler::Handle(const HttpRequest& request,
                            const std::shared_ptr<Exchange>& exchange) const {
  exchange->SetDecorator([policy = policy_, origin = std::string(request.Header("Origin"))](
                             HttpResponse& response) { policy->Decorate(origin, &response); });
  try {
    Dispatch(request, exchange);
  } catch (const std::exception& e) {
    spdlog::error("request_id={} {} {}: {}", request.request_id, request.method, request.path,
                  e.what());
    exchange->Respond(ProblemResponse(
        MakeProblem(500, "INTERNAL", "internal error", request.path, request.request_id)));
  }
}

void RequestHandler::Dispatch(const HttpRequest& request,
                              const std::shared_ptr<Exchange>& exchange) const {
  if (auto too_long = CheckUriLimits(request.path, request.query)) {
    return exchange->Respond(ProblemResponse(
        MakeProblem(414, "URI_TOO_LONG", *std::move(too_long), request.path, request.request_id)));
  }
  if (auto refusal = policy_->Screen(request)) return exchange->Respond(*std::move(refusal));
  const bool metrics = request.path == "/metrics" && metrics_text_;
  if (request.path == "/healthz" || request.path == "/readyz" || request.path == "/whoami" ||
      metrics) {
    exchange->SetRoute(metrics                     ? kRouteMetrics
                       : request.path == "/whoami" ? kRouteWhoAmI
                                                   : kRouteHealth);
    if (request.method != "GET" && request.method != "HEAD") {
      return exchange->Respond(MethodNotAllowed(request, {"GET", "HEAD"}));
    }
    if (request.path == "/readyz") return Ready(request, exchange);
    if (request.path == "/whoami") return exchange->Respond(auth_->WhoAmI(request));
    if (metrics) return Metrics(request, exchange);
    return exchange->Respond(JsonResponse(200, R"({"status":"ok"})"));
  }
  if (request.path == "/openapi.json" && !openapi_json_.empty()) {
    exchange->SetRoute(kRouteOpenApi);
    if (request.method != "GET" && request.method != "HEAD") {
      return exchange->Respond(MethodNotAllowed(request, {"GET", "HEAD"}));
    }
    return exchange->Respond(JsonResponse(200, openapi_json_));
  }
  const RouteLookup lookup = routes_->Find(request.method, request.path);
  switch (lookup.result) {
    case RouteLookup::Result::kFound: {
      exchange->SetRoute(lookup.route->path.text());
      std::string identity;
      if (auto denied = auth_->Check(request, lookup.route->rpc_path, &identity)) {
        return exchange->Respond(*std::move(denied));
      }
      exchange->SetIdentity(std::move(identity));
      return api_.Handle(request, *lookup.route, lookup.bindings, exchange);
    }
    case RouteLookup::Result::kMethodNotAllowed:
      return exchange->Respond(MethodNotAllowed(request, lookup.allowed));
    case RouteLookup::Result::kNotFound:
      break;
  }
  if (static_files_ != nullptr) {
    if (auto file = static_files_->Serve(request)) {
      exchange->SetRoute(kRouteStatic);
      return exchange->Respond(*std::move(file));
    }
  }
  exchange->Respond(
      ProblemResponse(MakeProblem(404, "NOT_FOUND",
                                  absl::StrCat("no route for ", TruncateForClient(request.method),
                                               " ", TruncateForClient(request.path)),
                                  request.path, request.request_id)));
}

void RequestHandler::Metrics(const HttpRequest& request,
                             const std::shared_ptr<Exchange>& exchange) const {
  std::string identity;
  if (auto denied = auth_->CheckScope(request, auth::Scope::kMetricsRead, &identity)) {
    return exchange->Respond(*std::move(denied));
  }
  exchange->SetIdentity(std::move(identity));
  HttpResponse response;
  response.status = 200;
  response.SetHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  response.SetHeader("Cache-Control", "no-store");
  response.body = metrics_text_();
  exchange->Respond(std::move(response));
}

void RequestHandler::Ready(const HttpRequest& request,
                           const std::shared_ptr<Exchange>& exchange) const {
  std::string path = request.path;
  std::string request_id = request.request_id;
  worker_->CheckHealth(
      readiness_timeout_, [exchange, path, request_id](bool serving, std::string detail) {
        if (serving) return exchange->Respond(JsonResponse(200, R"({"status":"ready"})"));
        // Readiness needs no token: why (addresses, TLS errors) goes to the log only.
        spdlog::warn("request_id={} not ready: {}", request_id, detail);
        exchange->Respond(ProblemResponse(
            MakeProblem(503, "UNAVAILABLE", "the selector-worker is not ready", path, request_id)));
      });
}

}  // namespace champion::gateway
