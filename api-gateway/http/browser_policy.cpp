#include "http/browser_policy.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "problem/problem_json.h"

namespace champion::gateway {
namespace {

constexpr char kAllowedMethods[] = "GET, HEAD, POST, OPTIONS";
constexpr char kAllowedHeaders[] = "Authorization, Content-Type, X-Request-Id, Last-Event-ID";
constexpr char kPreflightMaxAgeSeconds[] = "600";

// Kubelet probes and Prometheus scrapes address the pod (its IP as Host), and no browser
// sends them (/metrics needs a bearer token a page cannot attach by itself).
bool IsProbeOrScrape(const HttpRequest& request) {
  return request.path == "/healthz" || request.path == "/readyz" || request.path == "/metrics";
}

bool IsHostChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

// "scheme://authority" with an http(s) scheme and a plausible authority.
bool IsOrigin(std::string_view origin) {
  const size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return false;
  const std::string_view scheme = origin.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  const std::string_view authority = origin.substr(scheme_end + 3);
  return !authority.empty() && authority.find('/') == std::string_view::npos;
}

// The authority ("host:port") of an origin.
std::string_view Authority(std::string_view origin) {
  const size_t scheme_end = origin.find("://");
  return scheme_end == std::string_view::npos ? std::string_view() : origin.substr(scheme_end + 3);
}

}  // namespace

std::optional<std::string> HostWithoutPort(std::string_view host_header) {
  std::string_view host = host_header;
  if (host.empty()) return std::nullopt;
  if (host.front() == '[') {
    const size_t close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view rest = host.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    host = host.substr(1, close - 1);
    for (char c : host) {
      if (!absl::ascii_isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') {
        return std::nullopt;
      }
    }
  } else {
    const size_t colon = host.rfind(':');
    if (colon != std::string_view::npos) {
      const std::string_view port = host.substr(colon + 1);
      if (port.empty() || !std::all_of(port.begin(), port.end(), [](char c) {
            return absl::ascii_isdigit(static_cast<unsigned char>(c));
          })) {
        return std::nullopt;
      }
      host = host.substr(0, colon);
    }
    if (host.empty() || !std::all_of(host.begin(), host.end(), IsHostChar)) return std::nullopt;
  }
  if (host.empty()) return std::nullopt;
  return absl::AsciiStrToLower(absl::string_view(host.data(), host.size()));
}

absl::StatusOr<BrowserPolicy> BrowserPolicy::Create(BrowserPolicyOptions options) {
  if (options.public_hosts.empty()) {
    return absl::InvalidArgumentError("at least one public host is needed");
  }
  for (std::string& host : options.public_hosts) {
    if (host.empty()) return absl::InvalidArgumentError("a public host is empty");
    absl::AsciiStrToLower(&host);
  }
  for (const std::string& origin : options.cors_origins) {
    if (!IsOrigin(origin)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "CORS origin \"", origin, "\" must be scheme://host[:port] (http or https, no path)"));
    }
  }
  return BrowserPolicy(std::move(options));
}

bool BrowserPolicy::HostAllowed(std::string_view host_header) const {
  const std::optional<std::string> host = HostWithoutPort(host_header);
  if (!host.has_value()) return false;
  for (const std::string& allowed : options_.public_hosts) {
    if (allowed == "*" || allowed == *host) return true;
  }
  return false;
}

bool BrowserPolicy::OriginAllowed(std::string_view origin) const {
  return std::find(options_.cors_origins.begin(), options_.cors_origins.end(), origin) !=
         options_.cors_origins.end();
}

std::optional<HttpResponse> BrowserPolicy::Screen(const HttpRequest& request) const {
  if (IsProbeOrScrape(request)) return std::nullopt;
  const std::string_view host = request.Header("Host");
  if (!HostAllowed(host)) {
    return ProblemResponse(
        MakeProblem(421, "MISDIRECTED_REQUEST",
                    absl::StrCat("this server does not answer for the host \"",
                                 TruncateForClient(host), "\"; configure it with --public_hosts"),
                    request.path, request.request_id));
  }
  const std::string_view origin = request.Header("Origin");
  const bool same_origin =
      !origin.empty() && IsOrigin(origin) &&
      absl::EqualsIgnoreCase(std::string(Authority(origin)), std::string(host));
  if (!origin.empty() && !same_origin && !OriginAllowed(origin)) {
    return ProblemResponse(
        MakeProblem(403, "CROSS_ORIGIN_REFUSED",
                    absl::StrCat("requests from the origin \"", TruncateForClient(origin),
                                 "\" are not allowed; configure it with --cors_origins"),
                    request.path, request.request_id));
  }
  if (request.method == "OPTIONS" && !origin.empty() &&
      !request.Header("Access-Control-Request-Method").empty()) {
    HttpResponse preflight;
    preflight.status = 204;
    preflight.SetHeader("Access-Control-Allow-Methods", kAllowedMethods);
    preflight.SetHeader("Access-Control-Allow-Headers", kAllowedHeaders);
    preflight.SetHeader("Access-Control-Max-Age", kPreflightMaxAgeSeconds);
    return preflight;
  }
  return std::nullopt;
}

void BrowserPolicy::Decorate(std::string_view origin, HttpResponse* response) const {
  response->SetHeader("Content-Security-Policy", kContentSecurityPolicy);
  response->SetHeader("X-Content-Type-Options", "nosniff");
  response->SetHeader("Referrer-Policy", "no-referrer");
  response->SetHeader("X-Frame-Options", "DENY");
  if (options_.hsts) {
    response->SetHeader("Strict-Transport-Security", "max-age=31536000");
  }
  if (!origin.empty() && OriginAllowed(origin)) {
    response->SetHeader("Access-Control-Allow-Origin", std::string(origin));
    response->SetHeader("Access-Control-Expose-Headers", "X-Request-Id, Location, Retry-After");
    response->SetHeader("Vary", "Origin");
  }
}

}  // namespace champion::gateway
