#pragma once

// What keeps a web page in the user's browser from driving the gateway (CSRF, DNS
// rebinding, framing, sniffing), independent of the socket layer:
//  - Host: must name one of the configured public hosts (loopback names by default), else
//    421 — a rebound DNS name pointing at 127.0.0.1 never reaches the API or the dashboard.
//    /healthz and /readyz are exempt (probes address pods by IP).
//  - Origin: a request carrying an Origin other than its own Host's must come from an origin
//    on the CORS allow-list (empty by default: no cross-origin access), else 403. Allowed
//    origins get CORS headers and preflight (OPTIONS) answers.
//  - Security headers on every answer: a Content-Security-Policy for the dashboard,
//    X-Content-Type-Options, Referrer-Policy, frame denial, HSTS when served over TLS.
// (State-changing requests also need a JSON or CSV Content-Type; ApiHandler checks that.)

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "http/http_message.h"

namespace champion::gateway {

struct BrowserPolicyOptions {
  //! Host names (no port) requests may address; "*" allows any. Case-insensitive.
  std::vector<std::string> public_hosts = {"localhost", "127.0.0.1", "::1"};
  //! Origins ("https://planner.example.com") allowed cross-origin access.
  std::vector<std::string> cors_origins;
  //! Strict-Transport-Security on every answer (the gateway serves HTTPS).
  bool hsts = false;
};

//! The dashboard's Content-Security-Policy (sent on every answer). Scripts only from the
//! gateway itself; inline styles are allowed because the dashboard's dialogs inject a
//! scroll-lock <style> whose content varies (no hash or nonce fits it).
inline constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'";

class BrowserPolicy {
 public:
  //! InvalidArgument for an empty host or a malformed origin (scheme://host[:port]).
  static absl::StatusOr<BrowserPolicy> Create(BrowserPolicyOptions options);

  //! The refusal (421, 403) or preflight answer (204) for `request`; nullopt when the
  //! request may go on.
  std::optional<HttpResponse> Screen(const HttpRequest& request) const;

  //! Adds the security headers, and the CORS headers when `origin` (the request's Origin
  //! header) is allowed.
  void Decorate(std::string_view origin, HttpResponse* response) const;

 private:
  explicit BrowserPolicy(BrowserPolicyOptions options) : options_(std::move(options)) {}
  bool HostAllowed(std::string_view host_header) const;
  bool OriginAllowed(std::string_view origin) const;

  BrowserPolicyOptions options_;
};

//! The host of a Host header value without the port ("[::1]:80" -> "::1"), lower case;
//! nullopt when malformed.
std::optional<std::string> HostWithoutPort(std::string_view host_header);

}  // namespace champion::gateway
