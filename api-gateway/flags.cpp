#include "flags.h"

#include <arpa/inet.h>

#include <cstdlib>
#include <iostream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/env_flags.h"
#include "common/logging.h"
#include "http/browser_policy.h"

ABSL_FLAG(std::string, http_listen, "127.0.0.1:8080",
          "host:port to serve HTTP on (port 0 = any free port)");
ABSL_FLAG(std::string, worker_target, "127.0.0.1:50051",
          "gRPC target of the selector-worker(s), e.g. dns:///worker:50051");
ABSL_FLAG(std::string, static_dir, "frontend/dist",
          "directory of the built dashboard; when missing, only the API is served");
ABSL_FLAG(int64_t, max_body_bytes, 16 << 20, "largest accepted request body in bytes");
ABSL_FLAG(absl::Duration, request_timeout, absl::Seconds(60),
          "gRPC deadline of each non-streaming call (e.g. 60s)");
ABSL_FLAG(int32_t, threads, 0, "HTTP I/O threads (0 = number of cores)");
ABSL_FLAG(std::string, log_level, "info", "trace, debug, info, warn or error");
ABSL_FLAG(std::string, log_format, "text", "text or json (one JSON object per line)");
ABSL_FLAG(absl::Duration, sse_heartbeat, absl::ZeroDuration(),
          "idle period after which an event stream sends a comment line, for every stream "
          "(e.g. 5s behind a proxy that cuts idle connections); 0 = each route's own "
          "(15s)");
ABSL_FLAG(int64_t, max_connections, 1024,
          "open HTTP connections served at once (1..1000000); further ones are answered 503 "
          "with Retry-After: 1 and closed. The open-file limit is raised to fit if it can");
ABSL_FLAG(int32_t, max_event_streams, 256,
          "open event streams (SSE) at once (1..max_connections); further ones are answered "
          "503 with Retry-After: 5 (the dashboard then polls)");
ABSL_FLAG(absl::Duration, idle_timeout, absl::Seconds(60),
          "a keep-alive connection closes when no request starts within this (1s..1h); also "
          "the deadline of a request body after its headers");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "at SIGTERM, how long requests in flight may take to finish before the gateway exits "
          "(1s..10m; event streams end at once with a final event)");
ABSL_FLAG(absl::Duration, header_timeout, absl::Seconds(10),
          "a started request's line and headers must arrive within this (1s..10m), or the "
          "connection closes (slow-header clients)");
ABSL_FLAG(std::string, tokens_file, "",
          "API tokens file (name, SHA-256 of the token, scopes per line); re-read on change "
          "and on SIGHUP");
ABSL_FLAG(std::string, jwt_keys_file, "",
          "PEM or JWKS public keys that verify RS256/ES256 JWTs; re-read on change and SIGHUP");
ABSL_FLAG(std::string, jwt_issuer, "", "required JWT issuer (iss), with --jwt_keys_file");
ABSL_FLAG(std::string, jwt_audience, "", "required JWT audience (aud), with --jwt_keys_file");
ABSL_FLAG(std::string, public_hosts, "localhost,127.0.0.1,::1",
          "comma-separated host names requests may address (Host header, port ignored); "
          "others get 421. \"*\" accepts any (not recommended: DNS rebinding)");
ABSL_FLAG(std::string, cors_origins, "",
          "comma-separated origins (scheme://host[:port]) allowed cross-origin access; "
          "empty = none");
ABSL_FLAG(bool, behind_tls_proxy, false,
          "TLS is terminated by a proxy in front (an ingress): allows plain HTTP on a "
          "non-loopback --http_listen, and sends HSTS");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate (then any intermediates) to serve HTTPS with; with --tls_key, "
          "--http_listen serves HTTPS only (TLS 1.2+). Read again when it changes or on SIGHUP");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert (unencrypted)");
ABSL_FLAG(std::string, worker_tls_ca, "",
          "PEM roots the worker's certificate must chain to; turns TLS to the worker on");
ABSL_FLAG(std::string, worker_tls_cert, "",
          "PEM client certificate for mutual TLS with the worker (with --worker_tls_key)");
ABSL_FLAG(std::string, worker_tls_key, "", "private key of --worker_tls_cert");
ABSL_FLAG(std::string, worker_tls_server_name, "",
          "name checked in the worker's certificate instead of the --worker_target host");

namespace champion::gateway {
namespace {

constexpr const char* kFlagNames[] = {"http_listen",       "worker_target",
                                      "static_dir",        "max_body_bytes",
                                      "request_timeout",   "threads",
                                      "log_level",         "log_format",
                                      "sse_heartbeat",     "max_connections",
                                      "max_event_streams", "idle_timeout",
                                      "header_timeout",    "tokens_file",
                                      "jwt_keys_file",     "jwt_issuer",
                                      "jwt_audience",      "public_hosts",
                                      "cors_origins",      "behind_tls_proxy",
                                      "tls_cert",          "tls_key",
                                      "worker_tls_ca",     "worker_tls_cert",
                                      "worker_tls_key",    "worker_tls_server_name",
                                      "shutdown_grace"};
constexpr int64_t kMaxConnectionsLimit = 1000000;

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    out.emplace_back(absl::StripAsciiWhitespace(part));
  }
  return out;
}

// Authentication, the browser policy, and what serving beyond loopback requires.
absl::Status ValidateSecurityFlags(const FlagValues& v, const std::string& http_host) {
  const bool auth_on = !v.auth.tokens_file.empty() || !v.auth.jwt_keys_file.empty();
  if (!v.auth.jwt_keys_file.empty() && (v.auth.jwt_issuer.empty() || v.auth.jwt_audience.empty())) {
    return absl::InvalidArgumentError("--jwt_keys_file: needs --jwt_issuer and --jwt_audience");
  }
  const bool tls_on = !v.tls_cert.empty() || v.behind_tls_proxy;
  if (!IsLoopbackHost(http_host) && (!auth_on || !tls_on)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--http_listen: ", http_host,
                     " is not a loopback address: serving beyond loopback needs authentication "
                     "(--tokens_file and/or --jwt_keys_file) and TLS (--tls_cert and --tls_key, or "
                     "--behind_tls_proxy when a proxy "
                     "terminates it)"));
  }
  std::vector<std::string> hosts = SplitList(v.public_hosts);
  if (hosts.empty()) {
    return absl::InvalidArgumentError("--public_hosts: at least one host name is needed");
  }
  auto policy = BrowserPolicy::Create(
      {.public_hosts = std::move(hosts), .cors_origins = SplitList(v.cors_origins)});
  if (!policy.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--cors_origins: ", policy.status().message()));
  }
  return absl::OkStatus();
}

// InvalidArgument unless lo <= d <= hi.
absl::Status CheckDuration(const char* flag, absl::Duration d, absl::Duration lo,
                           absl::Duration hi) {
  if (d >= lo && d <= hi) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", absl::FormatDuration(d),
                                                 " is outside ", absl::FormatDuration(lo), "..",
                                                 absl::FormatDuration(hi)));
}

// The connection limits and timeouts.
absl::Status ValidateConnectionFlags(const FlagValues& v) {
  if (v.max_connections < 1 || v.max_connections > kMaxConnectionsLimit) {
    return absl::InvalidArgumentError(absl::StrCat("--max_connections: ", v.max_connections,
                                                   " is outside 1..", kMaxConnectionsLimit));
  }
  if (v.max_event_streams < 1 || v.max_event_streams > v.max_connections) {
    return absl::InvalidArgumentError(absl::StrCat("--max_event_streams: ", v.max_event_streams,
                                                   " is outside 1..", v.max_connections,
                                                   " (--max_connections)"));
  }
  if (auto st = CheckDuration("idle_timeout", v.idle_timeout, absl::Seconds(1), absl::Hours(1));
      !st.ok()) {
    return st;
  }
  if (auto st =
          CheckDuration("shutdown_grace", v.shutdown_grace, absl::Seconds(1), absl::Minutes(10));
      !st.ok()) {
    return st;
  }
  return CheckDuration("header_timeout", v.header_timeout, absl::Seconds(1), absl::Minutes(10));
}
constexpr int64_t kMaxBodyLimit = int64_t{1} << 30;

// InvalidArgument "--<flag>: needs --<other>" when `flag` is set and `other` is not.
absl::Status Needs(const char* flag, const std::string& value, const char* other,
                   const std::string& other_value, const char* why = "") {
  if (value.empty() || !other_value.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": needs --", other, why));
}

// The certificate flags come in pairs; the worker's need its CA. Files are read later,
// at start-up, where a bad one is reported with OpenSSL's or gRPC's reason.
absl::Status ValidateTlsFlags(const FlagValues& v) {
  const char* kPair = " (set both or neither)";
  const char* kTurnsOn = " (which turns TLS to the worker on)";
  for (const absl::Status& st :
       {Needs("tls_cert", v.tls_cert, "tls_key", v.tls_key, kPair),
        Needs("tls_key", v.tls_key, "tls_cert", v.tls_cert, kPair),
        Needs("worker_tls_cert", v.worker_tls_cert, "worker_tls_key", v.worker_tls_key, kPair),
        Needs("worker_tls_key", v.worker_tls_key, "worker_tls_cert", v.worker_tls_cert, kPair),
        Needs("worker_tls_cert", v.worker_tls_cert, "worker_tls_ca", v.worker_tls_ca, kTurnsOn),
        Needs("worker_tls_server_name", v.worker_tls_server_name, "worker_tls_ca", v.worker_tls_ca,
              kTurnsOn)}) {
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseHostPort(const std::string& text, std::string* host, uint16_t* port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" is not host:port"));
  }
  std::string h = text.substr(0, colon);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  uint32_t p = 0;
  if (!absl::SimpleAtoi(text.substr(colon + 1), &p) || p > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" has no valid port (0..65535)"));
  }
  unsigned char buf[16];
  if (h != "localhost" && inet_pton(AF_INET, h.c_str(), buf) != 1 &&
      inet_pton(AF_INET6, h.c_str(), buf) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", h, "\" is not an IP address or localhost"));
  }
  *host = h;
  *port = static_cast<uint16_t>(p);
  return absl::OkStatus();
}

absl::StatusOr<Options> ValidateFlags(const FlagValues& v) {
  Options o;
  if (auto st = ParseHostPort(v.http_listen, &o.http_host, &o.http_port); !st.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--http_listen: ", st.message()));
  }
  if (auto st = ValidateSecurityFlags(v, o.http_host); !st.ok()) return st;
  if (v.worker_target.empty()) return absl::InvalidArgumentError("--worker_target: empty");
  if (v.max_body_bytes < 1 || v.max_body_bytes > kMaxBodyLimit) {
    return absl::InvalidArgumentError(
        absl::StrCat("--max_body_bytes: ", v.max_body_bytes, " is outside 1..", kMaxBodyLimit));
  }
  if (v.request_timeout < absl::Milliseconds(1) || v.request_timeout > absl::Hours(1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--request_timeout: ", absl::FormatDuration(v.request_timeout), " is outside 1ms..1h"));
  }
  if (v.sse_heartbeat != absl::ZeroDuration() &&
      (v.sse_heartbeat < absl::Milliseconds(100) || v.sse_heartbeat > absl::Hours(1))) {
    return absl::InvalidArgumentError(
        absl::StrCat("--sse_heartbeat: ", absl::FormatDuration(v.sse_heartbeat),
                     " is neither 0 nor within 100ms..1h"));
  }
  if (auto st = ValidateConnectionFlags(v); !st.ok()) return st;
  if (auto st = ValidateTlsFlags(v); !st.ok()) return st;
  if (v.threads < 0 || v.threads > 256) {
    return absl::InvalidArgumentError(absl::StrCat("--threads: ", v.threads, " is outside 0..256"));
  }
  const std::string level = absl::AsciiStrToLower(v.log_level);
  if (level != "trace" && level != "debug" && level != "info" && level != "warn" &&
      level != "error") {
    return absl::InvalidArgumentError(absl::StrCat("--log_level: \"", v.log_level,
                                                   "\" is not trace, debug, info, warn or error"));
  }
  if (!IsLogFormat(v.log_format)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--log_format: \"", v.log_format, "\" is not text or json"));
  }
  o.log_format = v.log_format;
  o.worker_target = v.worker_target;
  o.static_dir = v.static_dir;
  o.max_body_bytes = static_cast<size_t>(v.max_body_bytes);
  o.request_timeout = v.request_timeout;
  o.threads = v.threads > 0 ? v.threads
                            : static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  o.log_level = level;
  o.auth = v.auth;
  o.browser = {.public_hosts = SplitList(v.public_hosts),
               .cors_origins = SplitList(v.cors_origins),
               .hsts = v.behind_tls_proxy || !v.tls_cert.empty()};
  o.sse_heartbeat = v.sse_heartbeat;
  o.max_connections = static_cast<size_t>(v.max_connections);
  o.max_event_streams = v.max_event_streams;
  o.idle_timeout = v.idle_timeout;
  o.header_timeout = v.header_timeout;
  o.shutdown_grace = v.shutdown_grace;
  o.tls_cert = v.tls_cert;
  o.tls_key = v.tls_key;
  o.worker_tls_ca = v.worker_tls_ca;
  o.worker_tls_cert = v.worker_tls_cert;
  o.worker_tls_key = v.worker_tls_key;
  o.worker_tls_server_name = v.worker_tls_server_name;
  return o;
}

absl::Status ApplyEnvironmentOverrides() {
  return champion::ApplyEnvironmentOverrides({std::begin(kFlagNames), std::end(kFlagNames)});
}

FlagValues ReadFlagValues() {
  FlagValues v;
  v.http_listen = absl::GetFlag(FLAGS_http_listen);
  v.worker_target = absl::GetFlag(FLAGS_worker_target);
  v.static_dir = absl::GetFlag(FLAGS_static_dir);
  v.max_body_bytes = absl::GetFlag(FLAGS_max_body_bytes);
  v.request_timeout = absl::GetFlag(FLAGS_request_timeout);
  v.threads = absl::GetFlag(FLAGS_threads);
  v.log_level = absl::GetFlag(FLAGS_log_level);
  v.log_format = absl::GetFlag(FLAGS_log_format);
  v.auth.tokens_file = absl::GetFlag(FLAGS_tokens_file);
  v.auth.jwt_keys_file = absl::GetFlag(FLAGS_jwt_keys_file);
  v.auth.jwt_issuer = absl::GetFlag(FLAGS_jwt_issuer);
  v.auth.jwt_audience = absl::GetFlag(FLAGS_jwt_audience);
  v.public_hosts = absl::GetFlag(FLAGS_public_hosts);
  v.cors_origins = absl::GetFlag(FLAGS_cors_origins);
  v.behind_tls_proxy = absl::GetFlag(FLAGS_behind_tls_proxy);
  v.sse_heartbeat = absl::GetFlag(FLAGS_sse_heartbeat);
  v.max_connections = absl::GetFlag(FLAGS_max_connections);
  v.max_event_streams = absl::GetFlag(FLAGS_max_event_streams);
  v.idle_timeout = absl::GetFlag(FLAGS_idle_timeout);
  v.header_timeout = absl::GetFlag(FLAGS_header_timeout);
  v.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
  v.tls_cert = absl::GetFlag(FLAGS_tls_cert);
  v.tls_key = absl::GetFlag(FLAGS_tls_key);
  v.worker_tls_ca = absl::GetFlag(FLAGS_worker_tls_ca);
  v.worker_tls_cert = absl::GetFlag(FLAGS_worker_tls_cert);
  v.worker_tls_key = absl::GetFlag(FLAGS_worker_tls_key);
  v.worker_tls_server_name = absl::GetFlag(FLAGS_worker_tls_server_name);
  return v;
}

Options ParseOptionsOrExit(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Champion api-gateway: REST + SSE in front of the selector-worker's gRPC API.");
  if (auto st = ApplyEnvironmentOverrides(); !st.ok()) {
    std::cerr << "api-gateway: " << st.message() << "\n";
    std::exit(2);
  }
  absl::ParseCommandLine(argc, argv);
  auto options = ValidateFlags(ReadFlagValues());
  if (!options.ok()) {
    std::cerr << "api-gateway: " << options.status().message() << "\n";
    std::exit(2);
  }
  return *std::move(options);
}

}  // namespace champion::gateway
