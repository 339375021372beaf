#include "flags.h"

#include <catch2/catch.hpp>
#include <cstdlib>

#include "common/env_flags.h"

namespace champion::gateway {

TEST_CASE("Default flag values validate", "[unit][flags]") {
  auto options = ValidateFlags(FlagValues{});
  REQUIRE(options.ok());
  CHECK(options->http_host == "127.0.0.1");
  CHECK(options->http_port == 8080);
  CHECK(options->worker_target == "127.0.0.1:50051");
  CHECK(options->max_body_bytes == 16u << 20);
  CHECK(options->request_timeout == absl::Seconds(60));
  CHECK(options->threads >= 1);
  CHECK_FALSE(options->browser.hsts);
  CHECK(options->browser.public_hosts == std::vector<std::string>{"localhost", "127.0.0.1", "::1"});
  CHECK(options->browser.cors_origins.empty());
  CHECK(options->sse_heartbeat == absl::ZeroDuration());
  CHECK(options->max_connections == 1024);
  CHECK(options->max_event_streams == 256);
  CHECK(options->idle_timeout == absl::Seconds(60));
  CHECK(options->header_timeout == absl::Seconds(10));
  CHECK(options->shutdown_grace == absl::Seconds(10));
  FlagValues v;
  v.sse_heartbeat = absl::Seconds(5);
  CHECK(ValidateFlags(v)->sse_heartbeat == absl::Seconds(5));
}

TEST_CASE("Bad flag values are rejected naming the flag", "[unit][flags]") {
  struct Case {
    const char* expect;
    FlagValues values;
  };
  auto with = [](auto change) {
    FlagValues v;
    change(v);
    return v;
  };
  const Case cases[] = {
      {"--http_listen", with([](FlagValues& v) { v.http_listen = "127.0.0.1"; })},
      {"--http_listen", with([](FlagValues& v) { v.http_listen = "127.0.0.1:70000"; })},
      {"--http_listen", with([](FlagValues& v) { v.http_listen = "nohost:80"; })},
      {"--http_listen", with([](FlagValues& v) { v.http_listen = "0.0.0.0:8080"; })},
      {"--worker_target", with([](FlagValues& v) { v.worker_target = ""; })},
      {"--max_body_bytes", with([](FlagValues& v) { v.max_body_bytes = 0; })},
      {"--request_timeout", with([](FlagValues& v) { v.request_timeout = absl::ZeroDuration(); })},
      {"--threads", with([](FlagValues& v) { v.threads = -1; })},
      {"--log_level", with([](FlagValues& v) { v.log_level = "loud"; })},
      {"--log_format", with([](FlagValues& v) { v.log_format = "xml"; })},
      {"--sse_heartbeat", with([](FlagValues& v) { v.sse_heartbeat = absl::Milliseconds(10); })},
      {"--sse_heartbeat", with([](FlagValues& v) { v.sse_heartbeat = -absl::Seconds(1); })},
      {"--sse_heartbeat", with([](FlagValues& v) { v.sse_heartbeat = absl::Hours(2); })},
      {"--max_connections", with([](FlagValues& v) { v.max_connections = 0; })},
      {"--max_connections", with([](FlagValues& v) { v.max_connections = 2000000; })},
      {"--max_event_streams", with([](FlagValues& v) { v.max_event_streams = 0; })},
      {"--max_event_streams", with([](FlagValues& v) {
         v.max_connections = 10;
         v.max_event_streams = 11;
       })},
      {"--idle_timeout", with([](FlagValues& v) { v.idle_timeout = absl::Milliseconds(10); })},
      {"--idle_timeout", with([](FlagValues& v) { v.idle_timeout = absl::Hours(2); })},
      {"--header_timeout", with([](FlagValues& v) { v.header_timeout = absl::ZeroDuration(); })},
      {"--header_timeout", with([](FlagValues& v) { v.header_timeout = absl::Hours(1); })},
      {"--shutdown_grace", with([](FlagValues& v) { v.shutdown_grace = absl::ZeroDuration(); })},
      {"--shutdown_grace", with([](FlagValues& v) { v.shutdown_grace = absl::Hours(1); })},
      {"--tls_cert", with([](FlagValues& v) { v.tls_cert = "c.pem"; })},
      {"--tls_key", with([](FlagValues& v) { v.tls_key = "k.pem"; })},
      {"--worker_tls_cert", with([](FlagValues& v) {
         v.worker_tls_ca = "ca.pem";
         v.worker_tls_cert = "c.pem";
       })},
      {"--worker_tls_key", with([](FlagValues& v) {
         v.worker_tls_ca = "ca.pem";
         v.worker_tls_key = "k.pem";
       })},
      {"--worker_tls_cert", with([](FlagValues& v) {
         v.worker_tls_cert = "c.pem";
         v.worker_tls_key = "k.pem";
       })},
      {"--worker_tls_server_name",
       with([](FlagValues& v) { v.worker_tls_server_name = "worker.internal"; })},
  };
  for (const auto& c : cases) {
    auto options = ValidateFlags(c.values);
    INFO(c.expect);
    REQUIRE_FALSE(options.ok());
    CHECK_THAT(std::string(options.status().message()), Catch::StartsWith(c.expect));
  }
}

TEST_CASE("TLS flags pass through when complete", "[unit][flags]") {
  auto plain = ValidateFlags(FlagValues{});
  REQUIRE(plain.ok());
  CHECK(plain->tls_cert.empty());
  CHECK(plain->worker_tls_ca.empty());
  FlagValues v;
  v.tls_cert = "/etc/champion/gateway.pem";
  v.tls_key = "/etc/champion/gateway-key.pem";
  v.worker_tls_ca = "/etc/champion/ca.pem";
  v.worker_tls_cert = "/etc/champion/client.pem";
  v.worker_tls_key = "/etc/champion/client-key.pem";
  v.worker_tls_server_name = "worker.internal";
  auto options = ValidateFlags(v);
  REQUIRE(options.ok());
  CHECK(options->tls_cert == v.tls_cert);
  CHECK(options->tls_key == v.tls_key);
  CHECK(options->worker_tls_ca == v.worker_tls_ca);
  CHECK(options->worker_tls_cert == v.worker_tls_cert);
  CHECK(options->worker_tls_key == v.worker_tls_key);
  CHECK(options->worker_tls_server_name == "worker.internal");
  v.worker_tls_cert.clear();  // server-only TLS to the worker
  v.worker_tls_key.clear();
  CHECK(ValidateFlags(v).ok());
}

TEST_CASE("Non-loopback listening needs authentication and TLS", "[unit][flags]") {
  FlagValues v;
  v.http_listen = "0.0.0.0:8080";
  CHECK_THAT(std::string(ValidateFlags(v).status().message()),
             Catch::Contains("needs authentication"));
  v.auth.tokens_file = "/etc/champion/tokens";
  CHECK_FALSE(ValidateFlags(v).ok());  // no TLS
  v.behind_tls_proxy = true;
  auto exposed = ValidateFlags(v);
  REQUIRE(exposed.ok());
  CHECK(exposed->browser.hsts);
  v.behind_tls_proxy = false;
  v.tls_cert = "/etc/champion/gateway.pem";
  v.tls_key = "/etc/champion/gateway-key.pem";
  auto https = ValidateFlags(v);
  REQUIRE(https.ok());
  CHECK(https->browser.hsts);
  v.auth.tokens_file.clear();
  CHECK_FALSE(ValidateFlags(v).ok());  // TLS without authentication
  v = FlagValues{};
  v.http_listen = "[::1]:0";
  auto options = ValidateFlags(v);
  REQUIRE(options.ok());
  CHECK(options->http_host == "::1");
  CHECK(options->http_port == 0);
  CHECK(IsLoopbackHost("127.1.2.3"));
  CHECK(IsLoopbackHost("localhost"));
  CHECK_FALSE(IsLoopbackHost("10.0.0.1"));
}

TEST_CASE("Security flags are checked at start-up", "[unit][flags]") {
  FlagValues v;
  v.auth.jwt_keys_file = "/etc/champion/jwks.json";
  CHECK_THAT(std::string(ValidateFlags(v).status().message()),
             Catch::StartsWith("--jwt_keys_file"));
  v.auth.jwt_issuer = "https://id.example";
  v.auth.jwt_audience = "champion";
  CHECK(ValidateFlags(v).ok());
  v = FlagValues{};
  v.public_hosts = " , ";
  CHECK_THAT(std::string(ValidateFlags(v).status().message()), Catch::StartsWith("--public_hosts"));
  v = FlagValues{};
  v.cors_origins = "https://planner.example.com, planner.example.com";
  CHECK_THAT(std::string(ValidateFlags(v).status().message()), Catch::StartsWith("--cors_origins"));
  v.cors_origins = "https://planner.example.com, http://127.0.0.1:5173";
  auto options = ValidateFlags(v);
  REQUIRE(options.ok());
  CHECK(options->browser.cors_origins ==
        std::vector<std::string>{"https://planner.example.com", "http://127.0.0.1:5173"});
}

TEST_CASE("CHAMPION_<FLAG> environment variables override flag defaults", "[unit][flags]") {
  setenv("CHAMPION_WORKER_TARGET", "dns:///worker:50051", 1);
  setenv("CHAMPION_REQUEST_TIMEOUT", "5s", 1);
  setenv("CHAMPION_BEHIND_TLS_PROXY", "true", 1);
  setenv("CHAMPION_MAX_CONNECTIONS", "64", 1);
  setenv("CHAMPION_HEADER_TIMEOUT", "3s", 1);
  const char* tls_variables[] = {"CHAMPION_TLS_CERT",       "CHAMPION_TLS_KEY",
                                 "CHAMPION_WORKER_TLS_CA",  "CHAMPION_WORKER_TLS_CERT",
                                 "CHAMPION_WORKER_TLS_KEY", "CHAMPION_WORKER_TLS_SERVER_NAME"};
  for (const char* name : tls_variables) setenv(name, name, 1);
  REQUIRE(ApplyEnvironmentOverrides().ok());
  const FlagValues v = ReadFlagValues();
  CHECK(v.tls_cert == "CHAMPION_TLS_CERT");
  CHECK(v.tls_key == "CHAMPION_TLS_KEY");
  CHECK(v.worker_tls_ca == "CHAMPION_WORKER_TLS_CA");
  CHECK(v.worker_tls_cert == "CHAMPION_WORKER_TLS_CERT");
  CHECK(v.worker_tls_key == "CHAMPION_WORKER_TLS_KEY");
  CHECK(v.worker_tls_server_name == "CHAMPION_WORKER_TLS_SERVER_NAME");
  for (const char* name : tls_variables) setenv(name, "", 1);  // back to the defaults
  REQUIRE(ApplyEnvironmentOverrides().ok());
  CHECK(ReadFlagValues().tls_cert.empty());
  for (const char* name : tls_variables) unsetenv(name);
  CHECK(v.max_connections == 64);
  CHECK(v.header_timeout == absl::Seconds(3));
  CHECK(v.worker_target == "dns:///worker:50051");
  CHECK(v.request_timeout == absl::Seconds(5));
  CHECK(v.behind_tls_proxy);
  setenv("CHAMPION_THREADS", "many", 1);
  const absl::Status bad = ApplyEnvironmentOverrides();
  CHECK_THAT(std::string(bad.message()), Catch::StartsWith("CHAMPION_THREADS"));
  for (const char* name :
       {"CHAMPION_WORKER_TARGET", "CHAMPION_REQUEST_TIMEOUT", "CHAMPION_BEHIND_TLS_PROXY",
        "CHAMPION_THREADS", "CHAMPION_MAX_CONNECTIONS", "CHAMPION_HEADER_TIMEOUT"}) {
    unsetenv(name);
  }
}

}  // namespace champion::gateway
