#include "http/request_auth.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "nlohmann/json.hpp"
#include "problem/problem_json.h"
#include "spdlog/spdlog.h"

namespace champion::gateway {
namespace {

HttpResponse Unauthenticated(const HttpRequest& request, const absl::Status& status) {
  HttpResponse response = ProblemResponse(MakeProblem(
      401, "UNAUTHENTICATED", std::string(status.message()), request.path, request.request_id));
  // RFC 6750 section 3: say that a presented token was the problem.
  if (!request.Header("Authorization").empty()) {
    response.SetHeader("WWW-Authenticate", "Bearer realm=\"champion\", error=\"invalid_token\"");
  }
  return response;
}

}  // namespace

absl::StatusOr<auth::Identity> RequestAuth::Authenticate(const HttpRequest& request) const {
  return authenticator_->Authenticate(request.Header("Authorization"), absl::Now());
}

std::optional<HttpResponse> RequestAuth::Check(const HttpRequest& request,
                                               const std::string& rpc_path,
                                               std::string* identity) const {
  identity->clear();
  if (!enabled()) return std::nullopt;
  const std::optional<auth::Scope> required = scopes_.Required(rpc_path);
  if (!required.has_value()) return std::nullopt;
  return CheckScope(request, *required, identity);
}

std::optional<HttpResponse> RequestAuth::CheckScope(const HttpRequest& request,
                                                    auth::Scope required,
                                                    std::string* identity) const {
  identity->clear();
  if (!enabled()) return std::nullopt;
  auto caller = Authenticate(request);
  if (!caller.ok()) {
    spdlog::warn("request_id={} {} {}: 401 {}", request.request_id, request.method,
                 TruncateForClient(request.path), std::string(caller.status().message()));
    return Unauthenticated(request, caller.status());
  }
  *identity = caller->Key();
  if (const absl::Status allowed = auth::Authorize(*caller, required); !allowed.ok()) {
    spdlog::warn("request_id={} identity={} {} {}: 403 {}", request.request_id, *identity,
                 request.method, TruncateForClient(request.path), std::string(allowed.message()));
    HttpResponse response =
        ProblemResponse(MakeProblem(403, "PERMISSION_DENIED", std::string(allowed.message()),
                                    request.path, request.request_id));
    response.SetHeader("WWW-Authenticate",
                       absl::StrCat("Bearer realm=\"champion\", error=\"insufficient_scope\", "
                                    "scope=\"",
                                    std::string(auth::ScopeName(required)), "\""));
    return response;
  }
  return std::nullopt;
}

HttpResponse RequestAuth::WhoAmI(const HttpRequest& request) const {
  nlohmann::ordered_json body;
  if (!enabled()) {
    body["identity"] = "anonymous";
    body["scopes"] = auth::ScopeSet::All().Names();
    body["auth_enabled"] = false;
  } else {
    auto caller = Authenticate(request);
    if (!caller.ok()) return Unauthenticated(request, caller.status());
    body["identity"] = caller->Key();
    body["scopes"] = caller->scopes.Names();
    body["auth_enabled"] = true;
    if (caller->expires_at.has_value()) {
      body["expires_at"] =
          absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", *caller->expires_at, absl::UTCTimeZone());
    }
  }
  HttpResponse response = JsonResponse(200, body.dump());
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

}  // namespace champion::gateway
