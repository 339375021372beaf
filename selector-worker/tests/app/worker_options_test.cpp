#include "app/worker_options.h"

#include <catch2/catch.hpp>
#include <functional>

#include "common/env_flags.h"

namespace champion::app {
namespace {

WorkerOptions Valid() {
  WorkerOptions o;
  o.database_url = "host=127.0.0.1 port=5432 dbname=champion user=postgres";
  return o;
}

TEST_CASE("Valid worker options pass", "[app]") { CHECK(ValidateWorkerOptions(Valid()).ok()); }

TEST_CASE("The plaintext health port may be on any address", "[app]") {
  WorkerOptions o = Valid();
  o.health_listen = "0.0.0.0:8081";
  CHECK(ValidateWorkerOptions(o).ok());
}

TEST_CASE("Each invalid worker option names its flag", "[app]") {
  struct Case {
    const char* flag;
    void (*mutate)(WorkerOptions&);
  };
  const Case cases[] = {
      {"--database_url", [](WorkerOptions& o) { o.database_url.clear(); }},
      {"--database_url", [](WorkerOptions& o) { o.database_url = "postgresql://x@y/z"; }},
      {"--database_url", [](WorkerOptions& o) { o.database_url += " password=s3cret"; }},
      {"--database_url", [](WorkerOptions& o) { o.database_url += " password='a b"; }},
      {"--grpc_listen", [](WorkerOptions& o) { o.grpc_listen = "nohostport"; }},
      {"--grpc_listen", [](WorkerOptions& o) { o.grpc_listen = "0.0.0.0:50051"; }},
      {"--health_listen", [](WorkerOptions& o) { o.health_listen = "8081"; }},
      {"--health_listen", [](WorkerOptions& o) { o.health_listen = o.grpc_listen; }},
      {"--metrics_listen", [](WorkerOptions& o) { o.metrics_listen = "9090"; }},
      {"--metrics_listen", [](WorkerOptions& o) { o.metrics_listen = o.grpc_listen; }},
      {"--db_pool_size", [](WorkerOptions& o) { o.db_pool_size = 0; }},
      {"--global_max_parallel", [](WorkerOptions& o) { o.global_max_parallel = 0; }},
      {"--shutdown_grace", [](WorkerOptions& o) { o.shutdown_grace = absl::Seconds(-1); }},
      {"--cancel_drain_timeout",
       [](WorkerOptions& o) { o.cancel_drain_timeout = absl::ZeroDuration(); }},
      {"--lease_duration", [](WorkerOptions& o) { o.lease_duration = absl::Milliseconds(10); }},
      {"--max_attempts", [](WorkerOptions& o) { o.max_attempts = 0; }},
      {"--handler_threads", [](WorkerOptions& o) { o.handler_threads = 0; }},
      {"--max_queued_calls", [](WorkerOptions& o) { o.max_queued_calls = 0; }},
      {"--max_watch_streams", [](WorkerOptions& o) { o.max_watch_streams = 0; }},
      {"--db_statement_timeout",
       [](WorkerOptions& o) { o.db_statement_timeout = absl::Milliseconds(1); }},
      {"--db_checkout_timeout",
       [](WorkerOptions& o) { o.db_checkout_timeout = absl::ZeroDuration(); }},
      {"--max_import_bytes", [](WorkerOptions& o) { o.max_import_bytes = 10; }},
  };
  for (const auto& c : cases) {
    WorkerOptions o = Valid();
    c.mutate(o);
    const auto status = ValidateWorkerOptions(o);
    INFO(c.flag);
    REQUIRE(status.code() == absl::StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(status.message()), Catch::Matchers::StartsWith(c.flag));
  }
}

TEST_CASE("A password in --database_url is refused, and the way out named", "[app]") {
  for (const char* url : {"host=db user=app password=s3cret", "host=db password = 's3cret'"}) {
    INFO(url);
    const absl::Status status = ValidateDatabaseUrl(url);
    REQUIRE(status.code() == absl::StatusCode::kInvalidArgument);
    const std::string message(status.message());
    CHECK_THAT(message, Catch::Matchers::Contains("--database_password_file"));
    CHECK_THAT(message, Catch::Matchers::Contains("PGPASSFILE"));
    CHECK_THAT(message, !Catch::Matchers::Contains("s3cret"));
  }
}

TEST_CASE("TLS settings and a password file in --database_url are accepted", "[app]") {
  WorkerOptions o = Valid();
  o.database_url +=
      " sslmode=verify-full sslrootcert=/etc/pg/ca.crt sslcert=/etc/pg/client.crt"
      " sslkey=/etc/pg/client.key passfile=/run/secrets/pgpass";
  CHECK(ValidateWorkerOptions(o).ok());
  CHECK(ValidateDatabaseUrl(o.database_url).ok());
}

TEST_CASE("A non-loopback address needs authentication and TLS", "[app]") {
  WorkerOptions o = Valid();
  o.grpc_listen = "10.1.2.3:50051";
  CHECK_THAT(std::string(ValidateWorkerOptions(o).message()),
             Catch::Matchers::Contains("needs authentication"));
  o.auth.tokens_file = "/etc/champion/tokens";
  CHECK_FALSE(ValidateWorkerOptions(o).ok());  // TLS still missing
  o.tls.cert_file = "/etc/champion/tls.crt";
  o.tls.key_file = "/etc/champion/tls.key";
  CHECK(ValidateWorkerOptions(o).ok());
  o.auth.tokens_file.clear();
  CHECK_FALSE(ValidateWorkerOptions(o).ok());  // TLS without auth
  o.auth = {.jwt_keys_file = "/etc/champion/jwks.json", .jwt_issuer = "i", .jwt_audience = "a"};
  CHECK(ValidateWorkerOptions(o).ok());
}

TEST_CASE("Auth and TLS flags must be complete", "[app]") {
  const std::vector<std::pair<std::string, std::function<void(WorkerOptions&)>>> cases = {
      {"--jwt_keys_file", [](WorkerOptions& o) { o.auth.jwt_keys_file = "k.pem"; }},
      {"--tls_cert", [](WorkerOptions& o) { o.tls.cert_file = "c.pem"; }},
      {"--tls_cert", [](WorkerOptions& o) { o.tls.key_file = "k.pem"; }},
      {"--tls_require_client_cert",
       [](WorkerOptions& o) {
         o.tls = {.cert_file = "c", .key_file = "k", .require_client_cert = true};
       }},
      {"--tls_client_ca", [](WorkerOptions& o) { o.tls.client_ca_file = "ca.pem"; }},
  };
  for (const auto& [flag, mutate] : cases) {
    WorkerOptions o = Valid();
    mutate(o);
    INFO(flag);
    const auto status = ValidateWorkerOptions(o);
    REQUIRE(status.code() == absl::StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(status.message()), Catch::Matchers::StartsWith(flag));
  }
}

TEST_CASE("Loopback listen addresses are recognised", "[app]") {
  for (const char* yes :
       {"127.0.0.1:1", "127.1.2.3:80", "localhost:8080", "[::1]:50051", "[0:0:0:0:0:0:0:1]:80"}) {
    INFO(yes);
    CHECK(IsLoopbackListenAddress(yes));
  }
  for (const char* no : {"0.0.0.0:1", "10.0.0.1:80", "[::]:50051", "example.com:80",
                         "127.0.0.1.evil.com:80", "[::1", "127.999.0.1:80", "[::2]:80"}) {
    INFO(no);
    CHECK_FALSE(IsLoopbackListenAddress(no));
  }
  CHECK(EnvironmentVariableFor("database_url") == "CHAMPION_DATABASE_URL");
  CHECK(EnvironmentVariableFor("database_password_file") == "CHAMPION_DATABASE_PASSWORD_FILE");
}

}  // namespace
}  // namespace champion::app
