// The gateway with authentication on, in front of the fake worker, over real HTTP: 401/403
// before any worker call, the credential forwarded, /whoami, and the browser-facing checks.

#include "http/request_auth.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>

#include "absl/strings/str_cat.h"
#include "champion/v1/catalog.pb.h"
#include "common/auth/token_table.h"
#include "jwt_test_keys.h"
#include "nlohmann/json.hpp"
#include "support/gateway_stack.h"
#include "transcode/route_table.h"

namespace champion::gateway {
namespace {

using testing::CheckProblem;
using testing::ClientResponse;
using testing::GatewayStack;

const HttpHeader kJson{"Content-Type", "application/json"};

// Credentials for the gateway under test: API tokens and a JWT signing key.
class Credentials {
 public:
  Credentials() : key_(auth::testing::NewEcKey()) {
    char pattern[] = "/tmp/champion-gw-auth-XXXXXX";
    dir_ = mkdtemp(pattern);
    std::ofstream(tokens_file()) << "reader " << auth::Sha256Hex("read-token")
                                 << " data:read,runs:read\n"
                                 << "dev " << auth::Sha256Hex("dev-token")
                                 << " data:read,data:write,runs:read,runs:write,admin\n"
                                 << "prometheus " << auth::Sha256Hex("scrape-token")
                                 << " metrics:read\n";
    std::ofstream(keys_file()) << key_.public_pem;
  }
  ~Credentials() { std::filesystem::remove_all(dir_); }
  std::string tokens_file() const { return dir_ + "/tokens"; }
  std::string keys_file() const { return dir_ + "/keys.pem"; }

  void Configure(Options& o) const {
    o.auth = {.tokens_file = tokens_file(),
              .jwt_keys_file = keys_file(),
              .jwt_issuer = "https://id.example",
              .jwt_audience = "champion"};
  }

  std::string Jwt(const nlohmann::json& overrides = nlohmann::json::object()) const {
    nlohmann::json claims = {{"iss", "https://id.example"},
                             {"aud", "champion"},
                             {"sub", "svc-planner"},
                             {"exp", absl::ToUnixSeconds(absl::Now() + absl::Minutes(5))},
                             {"scope", "runs:read data:read"}};
    claims.update(overrides);
    return auth::testing::SignJwt(key_, "ES256", claims);
  }

 private:
  std::string dir_;
  auth::testing::TestKey key_;
};

HttpHeader Bearer(const std::string& token) { return {"Authorization", "Bearer " + token}; }

// A request path for a route template: every variable becomes "x".
std::string SamplePath(const std::string& template_text) {
  std::string path = std::regex_replace(template_text, std::regex(R"(\{[^}]*\})"), "x");
  return path;
}

}  // namespace

TEST_CASE("GET /metrics needs the metrics:read scope, and only that", "[unit][gateway][auth]") {
  Credentials credentials;
  GatewayStack stack([&](Options& o) { credentials.Configure(o); });
  CheckProblem(stack.Call("GET", "/metrics"), 401, "UNAUTHENTICATED");
  const ClientResponse admin = stack.Call("GET", "/metrics", "", {Bearer("dev-token")});
  CheckProblem(admin, 403, "PERMISSION_DENIED");
  CHECK(admin.Header("WWW-Authenticate").find(R"(scope="metrics:read")") != std::string::npos);
  // A scraper addresses the pod: its Host is no allowed host, and it needs none.
  const ClientResponse scraped =
      stack.Call("GET", "/metrics", "", {Bearer("scrape-token"), {"Host", "10.1.2.3:8080"}});
  CHECK(scraped.status == 200);
  CHECK(scraped.Header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(scraped.body.find(
            R"(champion_http_requests_total{method="GET",route="metrics",status="401"} 1)") !=
        std::string::npos);
  // The scraper's token is good for nothing else.
  CheckProblem(stack.Call("GET", "/model-selection/x", "", {Bearer("scrape-token")}), 403,
               "PERMISSION_DENIED");
}

TEST_CASE("Every REST route is 401 without a token and 403 without its scope",
          "[unit][gateway][auth]") {
  Credentials credentials;
  GatewayStack stack([&](Options& o) { credentials.Configure(o); });
  (void)champion::v1::ImportSalesRequest::descriptor();
  auto routes =
      RouteTable::Create(*google::protobuf::DescriptorPool::generated_pool(),
                         {"champion.v1.ModelSelectionService", "champion.v1.CatalogService"});
  REQUIRE(routes.ok());
  REQUIRE((*routes)->routes().size() >= 13);
  int read_only_denied = 0;
  for (const Route& route : (*routes)->routes()) {
    const std::string path = SamplePath(route.path.text());
    INFO(route.http_method << " " << path);
    const ClientResponse anonymous = stack.Call(route.http_method, path, "{}", {kJson});
    CheckProblem(anonymous, 401, "UNAUTHENTICATED");
    CHECK_THAT(std::string(anonymous.Header("WWW-Authenticate")), Catch::StartsWith("Bearer"));
    const ClientResponse forged =
        stack.Call(route.http_method, path, "{}", {kJson, Bearer("nope")});
    CheckProblem(forged, 401, "UNAUTHENTICATED");
    CHECK_THAT(std::string(forged.Header("WWW-Authenticate")), Catch::Contains("invalid_token"));
    const ClientResponse reader =
        stack.Call(route.http_method, path, "{}", {kJson, Bearer("read-token")});
    // The read-only token may call every GET route and no other.
    if (route.http_method == "GET") {
      CHECK(reader.status != 401);
      CHECK(reader.status != 403);
    } else {
      ++read_only_denied;
      CheckProblem(reader, 403, "PERMISSION_DENIED");
      CHECK_THAT(std::string(reader.Header("WWW-Authenticate")),
                 Catch::Contains("insufficient_scope"));
    }
  }
  CHECK(read_only_denied == 4);  // SubmitRun, RunSync, CancelRun (DELETE), ImportSales
}

TEST_CASE("The credential reaches the worker as authorization metadata", "[unit][gateway][auth]") {
  Credentials credentials;
  GatewayStack stack([&](Options& o) { credentials.Configure(o); });
  const ClientResponse run = stack.Call("POST", "/model-selection/runs",
                                        R"({"store_id":1,"product_id":1,"forecast_horizon":7})",
                                        {kJson, Bearer("dev-token")});
  CHECK(run.status == 202);
  CHECK(stack.worker->seen().authorization == "Bearer dev-token");
}

TEST_CASE("JWTs: valid ones pass, expired, forged and foreign ones are 401",
          "[unit][gateway][auth]") {
  Credentials credentials;
  GatewayStack stack([&](Options& o) { credentials.Configure(o); });
  CHECK(stack.Call("GET", "/model-selection/r1", "", {Bearer(credentials.Jwt())}).status == 200);
  const auto past = absl::ToUnixSeconds(absl::Now() - absl::Hours(1));
  for (const auto& [why, token] : std::vector<std::pair<std::string, std::string>>{
           {"expired", credentials.Jwt({{"exp", past}})},
           {"wrong audience", credentials.Jwt({{"aud", "another-service"}})},
           {"wrong issuer", credentials.Jwt({{"iss", "https://evil.example"}})},
           {"signature", Credentials().Jwt()},  // signed by another key
       }) {
    INFO(why);
    const ClientResponse refused = stack.Call("GET", "/model-selection/r1", "", {Bearer(token)});
    CheckProblem(refused, 401, "UNAUTHENTICATED");
    CHECK_THAT(refused.body, Catch::Contains(why));
  }
  // A JWT's scopes are enforced like a token's.
  CheckProblem(
      stack.Call("POST", "/model-selection/runs", "{}", {kJson, Bearer(credentials.Jwt())}), 403,
      "PERMISSION_DENIED");
}

TEST_CASE("/whoami names the caller and its scopes", "[unit][gateway][auth]") {
  Credentials credentials;
  GatewayStack stack([&](Options& o) { credentials.Configure(o); });
  CheckProblem(stack.Call("GET", "/whoami"), 401, "UNAUTHENTICATED");
  const ClientResponse me = stack.Call("GET", "/whoami", "", {Bearer("read-token")});
  REQUIRE(me.status == 200);
  const auto body = nlohmann::json::parse(me.body);
  CHECK(body["identity"] == "token:reader");
  CHECK(body["scopes"] == nlohmann::json({"data:read", "runs:read"}));
  CHECK(body["auth_enabled"] == true);
  CHECK(me.Header("Cache-Control") == "no-store");
  const auto jwt =
      nlohmann::json::parse(stack.Call("GET", "/whoami", "", {Bearer(credentials.Jwt())}).body);
  CHECK(jwt["identity"] == "jwt:svc-planner");
  CHECK(jwt.contains("expires_at"));
  GatewayStack open;  // authentication off
  const auto anonymous = nlohmann::json::parse(open.Call("GET", "/whoami").body);
  CHECK(anonymous["auth_enabled"] == false);
  CHECK(anonymous["scopes"].size() == 6);
}

TEST_CASE("Probes need no token", "[unit][gateway][auth]") {
  Credentials credentials;
  GatewayStack stack([&](Options& o) { credentials.Configure(o); });
  CHECK(stack.Call("GET", "/healthz").status == 200);
  CHECK(stack.Call("GET", "/readyz").status == 200);
}

TEST_CASE("A cross-site page cannot drive the gateway", "[unit][gateway][security]") {
  GatewayStack stack;  // even with authentication off, on loopback
  const std::string body = R"({"store_id":1,"product_id":1,"forecast_horizon":7})";
  SECTION("a no-cors POST from another site (Origin set, no Content-Type)") {
    const ClientResponse refused =
        stack.Call("POST", "/model-selection/runs", body, {{"Origin", "https://evil.example"}});
    CheckProblem(refused, 403, "CROSS_ORIGIN_REFUSED");
  }
  SECTION("a POST with an empty or form Content-Type is 415") {
    CheckProblem(stack.Call("POST", "/model-selection/runs", body), 415, "UNSUPPORTED_MEDIA_TYPE");
    CheckProblem(
        stack.Call("POST", "/model-selection/runs", body, {{"Content-Type", "text/plain"}}), 415,
        "UNSUPPORTED_MEDIA_TYPE");
    CheckProblem(stack.Call("POST", "/model-selection/runs", ""), 415, "UNSUPPORTED_MEDIA_TYPE");
  }
  SECTION("a rebound DNS name is 421") {
    CheckProblem(stack.Call("GET", "/model-selection/r1", "", {{"Host", "rebind.evil.example"}}),
                 421, "MISDIRECTED_REQUEST");
  }
  CHECK(stack.worker->seen().request_id.empty());  // nothing reached the worker
}

TEST_CASE("Security headers are on every answer", "[unit][gateway][security]") {
  GatewayStack stack;
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/model-selection/r1"},
                                                        {"GET", "/nowhere"},
                                                        {"GET", "/healthz"},
                                                        {"POST", "/model-selection/runs"}}) {
    INFO(method << " " << path);
    const ClientResponse response = stack.Call(method, path);
    CHECK(response.Header("Content-Security-Policy") == kContentSecurityPolicy);
    CHECK(response.Header("X-Content-Type-Options") == "nosniff");
    CHECK(response.Header("X-Frame-Options") == "DENY");
    CHECK(response.Header("Referrer-Policy") == "no-referrer");
  }
}

}  // namespace champion::gateway
