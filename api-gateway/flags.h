#pragma once

// Command-line flags of the api-gateway, each with an environment override
// CHAMPION_<UPPER_NAME> (the command line wins), validated at start-up into Options.
//
//   --http_listen         host:port to serve HTTP on [127.0.0.1:8080]; port 0 = any free
//   --worker_target       gRPC target of the selector-worker(s) [127.0.0.1:50051]
//   --static_dir          built dashboard directory [frontend/dist]; missing = no UI
//   --max_body_bytes      largest request body in bytes, 1..1 GiB [16 MiB]; larger: 413
//   --request_timeout     gRPC deadline of each non-streaming call (1ms..1h) [60s]
//   --threads             HTTP I/O threads, 0 = number of cores (max 256) [0]
//   --max_connections     open HTTP connections served at once, 1..1000000 [1024]; more
//                         get 503 + Retry-After: 1 and are closed
//   --max_event_streams   open event streams (SSE), 1..max_connections [256]; more get
//                         503 + Retry-After: 5
//   --idle_timeout        keep-alive idle before a connection closes, and the deadline
//                         of a request body after its headers (1s..1h) [60s]
//   --header_timeout      deadline of a request's line and headers once it has started
//   --shutdown_grace      at SIGTERM, how long requests in flight may take to finish
//                         (slow-header clients), 1s..10m [10s]
//   --tls_cert            PEM certificate (then any intermediates) to serve HTTPS with;
//                         with --tls_key, --http_listen serves HTTPS only (TLS 1.2+)
//                         [none: plain HTTP]. Both files are read again when either
//                         changes (checked every 5 s) and on SIGHUP: new connections get
//                         the new pair, a pair that does not load is logged and the
//                         current one kept
//   --tls_key             PEM private key of --tls_cert, unencrypted [none]
//   --worker_tls_ca       PEM roots the worker's certificate must chain to; setting it
//                         turns TLS to the worker on [none: plaintext]
//   --worker_tls_cert     PEM client certificate for mutual TLS with the worker; needs
//                         --worker_tls_ca and --worker_tls_key [none]
//   --worker_tls_key      private key of --worker_tls_cert [none]
//   --worker_tls_server_name  name checked in the worker's certificate instead of the
//                         --worker_target host, e.g. when the target is an IP [none]
//                         (the worker's files are read again every 5 s)
//   --log_level           trace|debug|info|warn|error [info]
//   --log_format          text|json: one readable line or one JSON object per event [text]
//   --tokens_file         API tokens file (name, SHA-256, scopes per line) [none]
//   --jwt_keys_file       PEM/JWKS public keys for RS256/ES256 JWTs [none]
//   --jwt_issuer, --jwt_audience   required iss and aud of JWTs (with --jwt_keys_file)
//                         (no tokens file and no JWT keys: authentication is off, which only
//                         a loopback --http_listen allows; both files are re-read on change
//                         and on SIGHUP)
//   --public_hosts        host names requests may address [localhost,127.0.0.1,::1]; "*"
//                         for any; other Host headers get 421
//   --cors_origins        origins allowed cross-origin access [none]
//   --behind_tls_proxy    a proxy terminates TLS: plain HTTP beyond loopback, HSTS [false]

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/authenticator.h"
#include "http/browser_policy.h"

namespace champion::gateway {

//! Raw flag values, as read from the flags (after environment overrides).
struct FlagValues {
  std::string http_listen = "127.0.0.1:8080";
  std::string worker_target = "127.0.0.1:50051";
  std::string static_dir = "frontend/dist";
  int64_t max_body_bytes = 16 << 20;
  absl::Duration request_timeout = absl::Seconds(60);
  int32_t threads = 0;
  std::string log_level = "info";
  std::string log_format = "text";
  absl::Duration sse_heartbeat = absl::ZeroDuration();
  int64_t max_connections = 1024;
  int32_t max_event_streams = 256;
  absl::Duration idle_timeout = absl::Seconds(60);
  absl::Duration header_timeout = absl::Seconds(10);
  absl::Duration shutdown_grace = absl::Seconds(10);
  auth::AuthOptions auth;
  std::string public_hosts = "localhost,127.0.0.1,::1";
  std::string cors_origins;
  bool behind_tls_proxy = false;
  std::string tls_cert;
  std::string tls_key;
  std::string worker_tls_ca;
  std::string worker_tls_cert;
  std::string worker_tls_key;
  std::string worker_tls_server_name;
};

//! Validated settings passed down from main; nothing deeper reads a flag.
struct Options {
  std::string http_host = "127.0.0.1";
  uint16_t http_port = 8080;
  std::string worker_target = "127.0.0.1:50051";
  std::string static_dir = "frontend/dist";
  size_t max_body_bytes = 16 << 20;
  absl::Duration request_timeout = absl::Seconds(60);
  int threads = 2;
  std::string log_level = "info";
  std::string log_format = "text";
  //! Credentials accepted; none configured: authentication off (loopback only).
  auth::AuthOptions auth;
  //! Host / Origin checks, CORS and security headers.
  BrowserPolicyOptions browser;
  //! Event-stream heartbeat for every route; zero = each route's sse_heartbeat_seconds.
  absl::Duration sse_heartbeat = absl::ZeroDuration();
  size_t max_connections = 1024;
  int max_event_streams = 256;
  absl::Duration idle_timeout = absl::Seconds(60);
  absl::Duration header_timeout = absl::Seconds(10);
  std::string tls_cert;  //!< with tls_key: HTTPS; both empty: plain HTTP
  std::string tls_key;
  std::string worker_tls_ca;  //!< empty: plaintext to the worker (and the three below empty)
  std::string worker_tls_cert;
  std::string worker_tls_key;
  std::string worker_tls_server_name;
  // Not flags (tests adjust them):
  size_t raw_body_chunk_bytes = 64 * 1024;              //!< ImportSales chunk size
  absl::Duration readiness_timeout = absl::Seconds(2);  //!< /readyz health-check deadline
  absl::Duration shutdown_grace = absl::Seconds(10);    //!< in-flight requests at SIGTERM
};

//! Splits "host:port" / "[v6]:port". InvalidArgument on a missing or bad port.
absl::Status ParseHostPort(const std::string& text, std::string* host, uint16_t* port);

//! Checks every value; InvalidArgument naming the flag and the accepted range.
absl::StatusOr<Options> ValidateFlags(const FlagValues& values);

//! Sets each flag from CHAMPION_<UPPER_NAME> when that variable is set. InvalidArgument
//! naming the variable on an unparsable value. Call before absl::ParseCommandLine.
absl::Status ApplyEnvironmentOverrides();

//! The current flag values.
FlagValues ReadFlagValues();

//! Env overrides, command line, validation. On any error prints it to stderr and exits
//! with status 2.
Options ParseOptionsOrExit(int argc, char** argv);

}  // namespace champion::gateway
