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
#include "common/env_flags.h"

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
ABSL_FLAG(absl::Duration, sse_heartbeat, absl::ZeroDuration(),
          "idle period after which an event stream sends a comment line, for every stream "
          "(e.g. 5s behind a proxy that cuts idle connections); 0 = each route's own "
          "(15s)");
ABSL_FLAG(bool, allow_non_loopback, false,
          "allow --http_listen on a non-loopback address (there is no auth yet)");

namespace champion::gateway {
namespace {

constexpr const char* kFlagNames[] = {"http_listen",    "worker_target",      "static_dir",
                                      "max_body_bytes", "request_timeout",    "threads",
                                      "log_level",      "allow_non_loopback", "sse_heartbeat"};
constexpr int64_t kMaxBodyLimit = int64_t{1} << 30;

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
  if (!IsLoopbackHost(o.http_host) && !v.allow_non_loopback) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--http_listen: ", o.http_host,
        " is not a loopback address; the gateway has no auth yet, pass --allow_non_loopback "
        "to expose it anyway"));
  }
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
  if (v.threads < 0 || v.threads > 256) {
    return absl::InvalidArgumentError(absl::StrCat("--threads: ", v.threads, " is outside 0..256"));
  }
  const std::string level = absl::AsciiStrToLower(v.log_level);
  if (level != "trace" && level != "debug" && level != "info" && level != "warn" &&
      level != "error") {
    return absl::InvalidArgumentError(absl::StrCat("--log_level: \"", v.log_level,
                                                   "\" is not trace, debug, info, warn or error"));
  }
  o.worker_target = v.worker_target;
  o.static_dir = v.static_dir;
  o.max_body_bytes = static_cast<size_t>(v.max_body_bytes);
  o.request_timeout = v.request_timeout;
  o.threads = v.threads > 0 ? v.threads
                            : static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  o.log_level = level;
  o.allow_non_loopback = v.allow_non_loopback;
  o.sse_heartbeat = v.sse_heartbeat;
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
  v.allow_non_loopback = absl::GetFlag(FLAGS_allow_non_loopback);
  v.sse_heartbeat = absl::GetFlag(FLAGS_sse_heartbeat);
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
