#pragma once

// Everything the selector-worker is configured with, validated once at start-up and passed
// down; nothing deeper reads a flag.

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/auth/authenticator.h"
#include "service/server_credentials.h"

namespace champion::app {

struct WorkerOptions {
  //! libpq keyword=value conninfo ("host=127.0.0.1 port=5432 dbname=champion user=...").
  //! Holds no password (ValidateDatabaseUrl); TLS keywords (sslmode, sslrootcert, sslcert,
  //! sslkey) pass through to libpq.
  std::string database_url;
  //! The database password, read from --database_password_file; empty: none given (libpq
  //! still reads PGPASSWORD and PGPASSFILE). A secret: never log it.
  std::string database_password;
  //! gRPC listen address, host:port.
  std::string grpc_listen = "127.0.0.1:50051";
  //! Credentials accepted (API tokens file, JWT keys); both empty: authentication off,
  //! which only a loopback --grpc_listen allows.
  auth::AuthOptions auth;
  //! TLS certificate/key (and client CA for mTLS); required on a non-loopback address.
  service::TlsFiles tls;
  //! Serve gRPC server reflection (requires the admin scope when authentication is on).
  bool reflection = true;
  //! host:port of a plaintext grpc.health.v1-only server for probes that speak no TLS;
  //! empty: none. Allowed on any address: it answers health and nothing else.
  std::string health_listen;
  //! host:port of the plaintext HTTP metrics server; empty: none.
  std::string metrics_listen;
  //! PostgreSQL connections shared by handlers and the backtest pool, >= 1.
  int db_pool_size = 8;
  //! Backtest threads per worker process, >= 1.
  int global_max_parallel = 2;
  //! At SIGTERM/SIGINT: how long candidates in flight may run on before the rest is handed
  //! back to the queue. Zero: hand back at once.
  absl::Duration shutdown_grace = absl::Seconds(30);
  //! How long CancelRun waits for running candidates to stop before answering 504.
  absl::Duration cancel_drain_timeout = absl::Seconds(30);
  //! Lease on a claimed candidate; renewed by a heartbeat at a third of it.
  absl::Duration lease_duration = absl::Seconds(15);
  //! Attempts per candidate before it fails with "worker lost", >= 1.
  int max_attempts = 3;
  //! Apply pending migrations before serving.
  bool migrate = false;
  //! Folder of NNNN_name.up.sql / .down.sql files.
  std::string migrations_dir = "db/migrations";
  //! Threads that run blocking handler work (SQL) off gRPC's callback threads, >= 1.
  int handler_threads = 4;
  //! Calls that may wait for a handler thread, per pool (short calls, RunSync, CancelRun),
  //! >= 1; past it a call is answered RESOURCE_EXHAUSTED with a retry delay at once.
  int max_queued_calls = 256;
  //! WatchRun streams open at once, >= 1; more are answered RESOURCE_EXHAUSTED.
  int max_watch_streams = 1024;
  //! PostgreSQL statement_timeout of every session (a runaway statement is cancelled).
  absl::Duration db_statement_timeout = absl::Seconds(30);
  //! How long a call waits for a free database session before it is answered UNAVAILABLE.
  absl::Duration db_checkout_timeout = absl::Seconds(5);
  //! Largest CSV accepted by ImportSales, in bytes.
  int64_t max_import_bytes = 64 << 20;
  //! spdlog level name.
  std::string log_level = "info";
  //! "text" or "json" (one JSON object per line).
  std::string log_format = "text";
};

//! Checks ranges and consistency; InvalidArgument names the flag and the rule.
absl::Status ValidateWorkerOptions(const WorkerOptions& options);

//! The --database_url rules every command shares: present, keyword=value, well-formed, and
//! without a password (a password belongs in --database_password_file, PGPASSWORD or
//! PGPASSFILE, never on a command line). InvalidArgument names the flag and the rule.
absl::Status ValidateDatabaseUrl(const std::string& database_url);

}  // namespace champion::app
