#include "app/worker_options.h"

#include "absl/strings/str_cat.h"
#include "common/env_flags.h"
#include "store/conninfo.h"

namespace champion::app {
namespace {

absl::Status Invalid(absl::string_view flag, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", rule));
}

}  // namespace

absl::Status ValidateDatabaseUrl(const std::string& database_url) {
  if (database_url.empty()) {
    return Invalid("database_url", "is required (or set CHAMPION_DATABASE_URL)");
  }
  if (database_url.find("://") != std::string::npos) {
    return Invalid("database_url", "use the keyword=value conninfo form, not a URI");
  }
  absl::StatusOr<bool> has_password = store::ConninfoHasPassword(database_url);
  if (!has_password.ok()) return Invalid("database_url", has_password.status().message());
  if (*has_password) {
    return Invalid("database_url",
                   "must not hold a password (command lines are visible to every local user); "
                   "use --database_password_file (CHAMPION_DATABASE_PASSWORD_FILE), "
                   "PGPASSWORD or PGPASSFILE");
  }
  return absl::OkStatus();
}

absl::Status ValidateWorkerOptions(const WorkerOptions& options) {
  if (auto status = ValidateDatabaseUrl(options.database_url); !status.ok()) return status;
  if (options.grpc_listen.find(':') == std::string::npos) {
    return Invalid("grpc_listen", "must be host:port");
  }
  if (!options.health_listen.empty() && options.health_listen.find(':') == std::string::npos) {
    return Invalid("health_listen", "must be host:port");
  }
  if (!options.health_listen.empty() && options.health_listen == options.grpc_listen) {
    return Invalid("health_listen", "must differ from --grpc_listen");
  }
  if (!options.metrics_listen.empty() && options.metrics_listen.find(':') == std::string::npos) {
    return Invalid("metrics_listen", "must be host:port");
  }
  if (!options.metrics_listen.empty() && (options.metrics_listen == options.grpc_listen ||
                                          options.metrics_listen == options.health_listen)) {
    return Invalid("metrics_listen", "must differ from --grpc_listen and --health_listen");
  }
  const bool auth_on = !options.auth.tokens_file.empty() || !options.auth.jwt_keys_file.empty();
  if (!IsLoopbackListenAddress(options.grpc_listen) &&
      (!auth_on || options.tls.cert_file.empty())) {
    return Invalid("grpc_listen",
                   "is not a loopback address: serving beyond loopback needs authentication "
                   "(--tokens_file and/or --jwt_keys_file) and TLS (--tls_cert, --tls_key)");
  }
  if (!options.auth.jwt_keys_file.empty() &&
      (options.auth.jwt_issuer.empty() || options.auth.jwt_audience.empty())) {
    return Invalid("jwt_keys_file", "needs --jwt_issuer and --jwt_audience");
  }
  if (options.tls.cert_file.empty() != options.tls.key_file.empty()) {
    return Invalid("tls_cert", "and --tls_key go together");
  }
  if (options.tls.require_client_cert && options.tls.client_ca_file.empty()) {
    return Invalid("tls_require_client_cert", "needs --tls_client_ca");
  }
  if (!options.tls.client_ca_file.empty() && options.tls.cert_file.empty()) {
    return Invalid("tls_client_ca", "needs --tls_cert and --tls_key");
  }
  if (options.db_pool_size < 1) return Invalid("db_pool_size", "must be at least 1");
  if (options.shutdown_grace < absl::ZeroDuration()) {
    return Invalid("shutdown_grace", "must not be negative");
  }
  if (options.global_max_parallel < 1) {
    return Invalid("global_max_parallel", "must be at least 1");
  }
  if (options.cancel_drain_timeout <= absl::ZeroDuration()) {
    return Invalid("cancel_drain_timeout", "must be positive");
  }
  if (options.lease_duration < absl::Seconds(1)) {
    return Invalid("lease_duration", "must be at least 1s");
  }
  if (options.max_attempts < 1) return Invalid("max_attempts", "must be at least 1");
  if (options.handler_threads < 1) return Invalid("handler_threads", "must be at least 1");
  if (options.max_queued_calls < 1) return Invalid("max_queued_calls", "must be at least 1");
  if (options.max_watch_streams < 1) return Invalid("max_watch_streams", "must be at least 1");
  if (options.db_statement_timeout < absl::Milliseconds(100)) {
    return Invalid("db_statement_timeout", "must be at least 100ms");
  }
  if (options.db_checkout_timeout <= absl::ZeroDuration()) {
    return Invalid("db_checkout_timeout", "must be positive");
  }
  if (options.max_import_bytes < 1024) {
    return Invalid("max_import_bytes", "must be at least 1024");
  }
  if (options.migrations_dir.empty()) return Invalid("migrations_dir", "must not be empty");
  return absl::OkStatus();
}

}  // namespace champion::app
