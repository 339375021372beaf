#include "http/browser_policy.h"

#include <catch2/catch.hpp>

namespace champion::gateway {
namespace {

HttpRequest Request(const std::string& method, const std::string& path,
                    std::vector<HttpHeader> headers) {
  HttpRequest request;
  request.method = method;
  request.path = path;
  request.headers = std::move(headers);
  request.request_id = "rid";
  return request;
}

BrowserPolicy Policy(BrowserPolicyOptions options = {}) {
  auto policy = BrowserPolicy::Create(std::move(options));
  REQUIRE(policy.ok());
  return *std::move(policy);
}

}  // namespace

TEST_CASE("Host headers are parsed without their port", "[unit][gateway][security]") {
  CHECK(HostWithoutPort("127.0.0.1:8080") == "127.0.0.1");
  CHECK(HostWithoutPort("LocalHost") == "localhost");
  CHECK(HostWithoutPort("[::1]:8080") == "::1");
  CHECK(HostWithoutPort("[::1]") == "::1");
  CHECK(HostWithoutPort("planner.example.com") == "planner.example.com");
  for (const char* bad : {"", ":80", "[::1", "[::1]x", "host:port", "a b", "evil.com/x", "[]"}) {
    INFO(bad);
    CHECK_FALSE(HostWithoutPort(bad).has_value());
  }
}

TEST_CASE("Only the configured hosts are answered (DNS rebinding)", "[unit][gateway][security]") {
  const BrowserPolicy policy = Policy();
  for (const char* host : {"127.0.0.1:8080", "localhost:8080", "[::1]:8080", "LOCALHOST"}) {
    INFO(host);
    CHECK_FALSE(policy.Screen(Request("GET", "/stores", {{"Host", host}})).has_value());
  }
  for (const char* host : {"rebind.attacker.example:8080", "", "127.0.0.1.nip.io", "[::2]"}) {
    INFO(host);
    auto refused = policy.Screen(Request("GET", "/stores", {{"Host", host}}));
    REQUIRE(refused.has_value());
    CHECK(refused->status == 421);
    CHECK(refused->Header("Content-Type") == "application/problem+json");
  }
  // Probes address pods by IP.
  CHECK_FALSE(policy.Screen(Request("GET", "/healthz", {{"Host", "10.1.2.3:8080"}})).has_value());
  CHECK_FALSE(policy.Screen(Request("GET", "/readyz", {{"Host", "10.1.2.3:8080"}})).has_value());
  CHECK(Policy({.public_hosts = {"*"}})
            .Screen(Request("GET", "/", {{"Host", "anything.example"}}))
            .has_value() == false);
  CHECK(Policy({.public_hosts = {"Planner.Example.com"}})
            .Screen(Request("GET", "/", {{"Host", "planner.example.com:443"}}))
            .has_value() == false);
}

TEST_CASE("Cross-origin requests are refused unless allowed", "[unit][gateway][security]") {
  const BrowserPolicy policy = Policy({.cors_origins = {"https://planner.example.com"}});
  const HttpHeader host{"Host", "127.0.0.1:8080"};
  SECTION("same origin passes") {
    CHECK_FALSE(policy
                    .Screen(Request("POST", "/model-selection/runs",
                                    {host, {"Origin", "http://127.0.0.1:8080"}}))
                    .has_value());
  }
  SECTION("another site is refused, whatever the method") {
    for (const char* method : {"POST", "GET", "OPTIONS"}) {
      auto refused = policy.Screen(
          Request(method, "/model-selection/runs", {host, {"Origin", "https://evil.example"}}));
      REQUIRE(refused.has_value());
      CHECK(refused->status == 403);
    }
    CHECK(policy.Screen(Request("POST", "/x", {host, {"Origin", "null"}}))->status == 403);
    // Same host, other port: another origin.
    CHECK(
        policy.Screen(Request("POST", "/x", {host, {"Origin", "http://127.0.0.1:9999"}}))->status ==
        403);
  }
  SECTION("an allowed origin gets its preflight and CORS headers") {
    auto preflight = policy.Screen(Request("OPTIONS", "/model-selection/runs",
                                           {host,
                                            {"Origin", "https://planner.example.com"},
                                            {"Access-Control-Request-Method", "POST"}}));
    REQUIRE(preflight.has_value());
    CHECK(preflight->status == 204);
    CHECK_THAT(std::string(preflight->Header("Access-Control-Allow-Headers")),
               Catch::Contains("Authorization"));
    HttpResponse response;
    policy.Decorate("https://planner.example.com", &response);
    CHECK(response.Header("Access-Control-Allow-Origin") == "https://planner.example.com");
    CHECK(response.Header("Vary") == "Origin");
    HttpResponse other;
    policy.Decorate("https://evil.example", &other);
    CHECK(other.Header("Access-Control-Allow-Origin").empty());
  }
}

TEST_CASE("Every answer carries the security headers", "[unit][gateway][security]") {
  HttpResponse response;
  Policy().Decorate("", &response);
  CHECK(response.Header("Content-Security-Policy") == kContentSecurityPolicy);
  CHECK_THAT(std::string(response.Header("Content-Security-Policy")),
             Catch::Contains("frame-ancestors 'none'"));
  CHECK(response.Header("X-Content-Type-Options") == "nosniff");
  CHECK(response.Header("Referrer-Policy") == "no-referrer");
  CHECK(response.Header("X-Frame-Options") == "DENY");
  CHECK(response.Header("Strict-Transport-Security").empty());
  HttpResponse tls;
  Policy({.hsts = true}).Decorate("", &tls);
  CHECK(tls.Header("Strict-Transport-Security") == "max-age=31536000");
}

TEST_CASE("Bad policy settings are refused", "[unit][gateway][security]") {
  CHECK_FALSE(BrowserPolicy::Create({.public_hosts = {}}).ok());
  CHECK_FALSE(BrowserPolicy::Create({.public_hosts = {""}}).ok());
  for (const char* origin : {"planner.example.com", "ftp://x", "https://x/path", "https://"}) {
    INFO(origin);
    CHECK_FALSE(BrowserPolicy::Create({.cors_origins = {origin}}).ok());
  }
}

}  // namespace champion::gateway
