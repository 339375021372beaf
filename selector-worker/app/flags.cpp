#include "app/flags.h"

#include <thread>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "app/secret_file.h"
#include "common/env_flags.h"
#include "common/logging.h"

ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL conninfo, keyword=value form, without a password; sslmode, sslrootcert, "
          "sslcert and sslkey pass to libpq (env CHAMPION_DATABASE_URL)");
ABSL_FLAG(std::string, database_password_file, "",
          "File holding the PostgreSQL password, trailing newline stripped (env "
          "CHAMPION_DATABASE_PASSWORD_FILE); without it libpq reads PGPASSWORD or PGPASSFILE");
ABSL_FLAG(std::string, grpc_listen, "127.0.0.1:50051", "gRPC listen address, host:port");
ABSL_FLAG(std::string, tokens_file, "",
          "API tokens file (name, SHA-256 of the token, scopes per line); re-read on change "
          "and on SIGHUP");
ABSL_FLAG(std::string, jwt_keys_file, "",
          "PEM or JWKS public keys that verify RS256/ES256 JWTs; re-read on change and SIGHUP");
ABSL_FLAG(std::string, jwt_issuer, "", "Required JWT issuer (iss), with --jwt_keys_file");
ABSL_FLAG(std::string, jwt_audience, "", "Required JWT audience (aud), with --jwt_keys_file");
ABSL_FLAG(std::string, tls_cert, "", "TLS certificate chain (PEM); re-read when it changes");
ABSL_FLAG(std::string, tls_key, "", "TLS private key (PEM), with --tls_cert");
ABSL_FLAG(std::string, tls_client_ca, "",
          "CA certificates (PEM) that verify client certificates (mTLS)");
ABSL_FLAG(bool, tls_require_client_cert, false,
          "Refuse clients without a certificate verified by --tls_client_ca");
ABSL_FLAG(std::string, health_listen, "",
          "host:port of a plaintext server with only grpc.health.v1, for probes that speak no "
          "TLS (Kubernetes gRPC probes); empty: none");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port of a plaintext HTTP server with only GET /metrics (Prometheus text format); "
          "empty: none");
ABSL_FLAG(bool, reflection, true,
          "Serve gRPC server reflection (needs the admin scope when auth is on)");
ABSL_FLAG(int, db_pool_size, 8, "PostgreSQL connections in the session pool (>= 1)");
ABSL_FLAG(int, global_max_parallel, 0,
          "Backtest threads in this worker (>= 1; 0 means the number of cores)");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(30),
          "At SIGTERM: how long candidates in flight may finish before the rest is handed back "
          "to the queue (0: at once)");
ABSL_FLAG(absl::Duration, cancel_drain_timeout, absl::Seconds(30),
          "How long CancelRun waits for running candidates to stop (then 504)");
ABSL_FLAG(absl::Duration, lease_duration, absl::Seconds(15),
          "Lease on a claimed candidate, renewed by a heartbeat");
ABSL_FLAG(int, max_attempts, 3, "Attempts per candidate before it fails as 'worker lost'");
ABSL_FLAG(bool, migrate, false, "Apply pending migrations before serving");
ABSL_FLAG(std::string, migrations_dir, "db/migrations", "Folder of the SQL migrations");
ABSL_FLAG(int, handler_threads, 4, "Threads for blocking handler work (SQL)");
ABSL_FLAG(int, max_queued_calls, 256,
          "Calls that may wait for a handler thread, per pool; more are answered "
          "RESOURCE_EXHAUSTED with a retry delay (HTTP 429)");
ABSL_FLAG(int, max_watch_streams, 1024,
          "WatchRun streams open at once; more are answered RESOURCE_EXHAUSTED");
ABSL_FLAG(absl::Duration, db_statement_timeout, absl::Seconds(30),
          "PostgreSQL statement_timeout of every session");
ABSL_FLAG(absl::Duration, db_checkout_timeout, absl::Seconds(5),
          "How long a call waits for a free database session (then UNAVAILABLE)");
ABSL_FLAG(int64_t, max_import_bytes, 64 << 20, "Largest CSV ImportSales accepts, bytes");
ABSL_FLAG(std::string, log_level, "info", "trace, debug, info, warn or error");
ABSL_FLAG(std::string, log_format, "text", "text or json (one JSON object per line)");
ABSL_FLAG(int, stores, 5, "seed: number of stores");
ABSL_FLAG(int, products, 20, "seed: number of products");
ABSL_FLAG(int, days, 730, "seed: days of history");
ABSL_FLAG(uint64_t, seed, 42, "seed: random seed (same seed, same data)");
ABSL_FLAG(bool, if_empty, false, "seed: do nothing when the database already holds sales");
ABSL_FLAG(int, to, -1, "migrate: target version (up: highest; down: one step)");
ABSL_FLAG(std::string, older_than, "",
          "purge: settled runs older than this are deleted (\"90d\", or a duration such as "
          "\"2160h\"); required");
ABSL_FLAG(int, batch_size, 500, "purge: runs deleted per transaction");

namespace champion::app {
namespace {

const std::vector<std::string> kEnvFlags = {"database_url",
                                            "grpc_listen",
                                            "tokens_file",
                                            "jwt_keys_file",
                                            "jwt_issuer",
                                            "jwt_audience",
                                            "tls_cert",
                                            "tls_key",
                                            "tls_client_ca",
                                            "tls_require_client_cert",
                                            "reflection",
                                            "health_listen",
                                            "metrics_listen",
                                            "db_pool_size",
                                            "global_max_parallel",
                                            "cancel_drain_timeout",
                                            "shutdown_grace",
                                            "lease_duration",
                                            "max_attempts",
                                            "migrate",
                                            "migrations_dir",
                                            "handler_threads",
                                            "max_import_bytes",
                                            "log_level",
                                            "log_format",
                                            "max_queued_calls",
                                            "db_statement_timeout",
                                            "db_checkout_timeout",
                                            "max_watch_streams",
                                            "database_password_file"};

WorkerOptions WorkerOptionsFromFlags() {
  WorkerOptions o;
  o.database_url = absl::GetFlag(FLAGS_database_url);
  o.grpc_listen = absl::GetFlag(FLAGS_grpc_listen);
  o.auth.tokens_file = absl::GetFlag(FLAGS_tokens_file);
  o.auth.jwt_keys_file = absl::GetFlag(FLAGS_jwt_keys_file);
  o.auth.jwt_issuer = absl::GetFlag(FLAGS_jwt_issuer);
  o.auth.jwt_audience = absl::GetFlag(FLAGS_jwt_audience);
  o.tls.cert_file = absl::GetFlag(FLAGS_tls_cert);
  o.tls.key_file = absl::GetFlag(FLAGS_tls_key);
  o.tls.client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  o.tls.require_client_cert = absl::GetFlag(FLAGS_tls_require_client_cert);
  o.reflection = absl::GetFlag(FLAGS_reflection);
  o.health_listen = absl::GetFlag(FLAGS_health_listen);
  o.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  o.db_pool_size = absl::GetFlag(FLAGS_db_pool_size);
  const int parallel = absl::GetFlag(FLAGS_global_max_parallel);
  o.global_max_parallel = parallel == 0
                              ? static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))
                              : parallel;
  o.cancel_drain_timeout = absl::GetFlag(FLAGS_cancel_drain_timeout);
  o.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
  o.lease_duration = absl::GetFlag(FLAGS_lease_duration);
  o.max_attempts = absl::GetFlag(FLAGS_max_attempts);
  o.migrate = absl::GetFlag(FLAGS_migrate);
  o.migrations_dir = absl::GetFlag(FLAGS_migrations_dir);
  o.handler_threads = absl::GetFlag(FLAGS_handler_threads);
  o.max_queued_calls = absl::GetFlag(FLAGS_max_queued_calls);
  o.max_watch_streams = absl::GetFlag(FLAGS_max_watch_streams);
  o.db_statement_timeout = absl::GetFlag(FLAGS_db_statement_timeout);
  o.db_checkout_timeout = absl::GetFlag(FLAGS_db_checkout_timeout);
  o.max_import_bytes = absl::GetFlag(FLAGS_max_import_bytes);
  o.log_level = absl::GetFlag(FLAGS_log_level);
  o.log_format = absl::GetFlag(FLAGS_log_format);
  return o;
}

}  // namespace

absl::StatusOr<absl::Duration> ParseAge(std::string_view view) {
  const std::string text(view);  // Debian's Abseil has its own string_view
  absl::Duration age;
  int days = 0;
  const absl::string_view number = absl::string_view(text).substr(0, text.size() - 1);
  if (text.size() > 1 && text.back() == 'd' && absl::c_all_of(number, absl::ascii_isdigit) &&
      absl::SimpleAtoi(number, &days)) {
    age = absl::Hours(24) * days;
  } else if (!absl::ParseDuration(text, &age) || age == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--older_than: '", text, "' is not an age such as 90d or 2160h"));
  }
  if (age < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--older_than must not be negative");
  }
  return age;
}

absl::StatusOr<CommandLine> ParseCommandLine(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "selector-worker [serve|migrate up|down|status|seed|purge|models] [flags]\n"
      "Backtests candidate forecasting models and serves champion.v1 over gRPC.");
  if (auto status = ApplyEnvironmentOverrides(kEnvFlags); !status.ok()) return status;
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  CommandLine cl;
  cl.command = positional.size() > 1 ? positional[1] : "serve";
  cl.worker = WorkerOptionsFromFlags();
  if (cl.command == "migrate") {
    if (positional.size() != 3) {
      return absl::InvalidArgumentError("usage: selector-worker migrate up|down|status [--to N]");
    }
    cl.migrate.action = positional[2];
    cl.migrate.to = absl::GetFlag(FLAGS_to);
    if (cl.migrate.action != "up" && cl.migrate.action != "down" && cl.migrate.action != "status") {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown migrate action '", cl.migrate.action, "'"));
    }
    if (cl.migrate.to < -1) return absl::InvalidArgumentError("--to must be >= 0");
  } else if (cl.command == "seed") {
    cl.seed = {absl::GetFlag(FLAGS_stores), absl::GetFlag(FLAGS_products),
               absl::GetFlag(FLAGS_days), absl::GetFlag(FLAGS_seed), absl::GetFlag(FLAGS_if_empty)};
    if (cl.seed.stores < 1 || cl.seed.stores > 1000) {
      return absl::InvalidArgumentError("--stores must be in 1..1000");
    }
    if (cl.seed.products < 1 || cl.seed.products > 10000) {
      return absl::InvalidArgumentError("--products must be in 1..10000");
    }
    if (cl.seed.days < 1 || cl.seed.days > 3660) {
      return absl::InvalidArgumentError("--days must be in 1..3660");
    }
  } else if (cl.command == "purge") {
    const std::string older_than = absl::GetFlag(FLAGS_older_than);
    if (older_than.empty()) {
      return absl::InvalidArgumentError("purge needs --older_than (e.g. --older_than=90d)");
    }
    absl::StatusOr<absl::Duration> age = ParseAge(older_than);
    if (!age.ok()) return age.status();
    cl.purge.older_than = *age;
    cl.purge.batch_size = absl::GetFlag(FLAGS_batch_size);
    if (cl.purge.batch_size < 1 || cl.purge.batch_size > 100000) {
      return absl::InvalidArgumentError("--batch_size must be in 1..100000");
    }
  } else if (cl.command != "serve" && cl.command != "models") {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown command '", cl.command, "' (expected serve, migrate, seed, purge or models)"));
  }
  if (!IsLogFormat(cl.worker.log_format)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--log_format: \"", cl.worker.log_format, "\" is not text or json"));
  }
  if (positional.size() > 3 || (cl.command != "migrate" && positional.size() > 2)) {
    return absl::InvalidArgumentError("unexpected extra arguments");
  }
  if (cl.command == "models") return cl;  // prints the catalog; needs no database
  if (cl.command == "serve") {
    if (auto status = ValidateWorkerOptions(cl.worker); !status.ok()) return status;
  } else if (auto status = ValidateDatabaseUrl(cl.worker.database_url); !status.ok()) {
    return status;
  }
  if (const std::string path = absl::GetFlag(FLAGS_database_password_file); !path.empty()) {
    absl::StatusOr<std::string> password = ReadSecretFile(path);
    if (!password.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--database_password_file: ", password.status().message()));
    }
    cl.worker.database_password = *std::move(password);
  }
  return cl;
}

}  // namespace champion::app
