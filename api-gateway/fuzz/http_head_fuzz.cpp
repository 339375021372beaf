// libFuzzer target: a request's line and headers as a gateway connection reads them
// (ParseRequestHead: the connection's Beast parser, settings and limits), then what the
// gateway does next with the result: the URI length checks before routing for a complete
// head, the problem+json answer for a refused one. Crashes, sanitizer reports and broken
// invariants (__builtin_trap) are findings.
//
// Link: this file + champion_gateway (static; only the parser, http_message, request_id,
// uri_limits and problem_json objects are pulled in) built with
// -fsanitize=fuzzer,address (clang-16). Seeds: corpus/http_head/.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/http_server_parser.h"
#include "http/request_id.h"
#include "http/uri_limits.h"
#include "problem/problem_json.h"

namespace {

// The default --max_body_bytes: a Content-Length above it is refused with the head.
constexpr size_t kMaxBodyBytes = 16 << 20;

void Check(bool invariant) {
  if (!invariant) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using champion::gateway::RequestHeadResult;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const RequestHeadResult result = champion::gateway::ParseRequestHead(bytes, kMaxBodyBytes);
  switch (result.state) {
    case RequestHeadResult::State::kNeedMore:
      Check(!result.problem.has_value());
      break;
    case RequestHeadResult::State::kComplete: {
      const auto& request = result.request;
      Check(result.head_bytes > 0 && result.head_bytes <= size);
      Check(!request.method.empty() && !request.target.empty());
      Check(request.target.compare(0, request.path.size(), request.path) == 0);
      Check(champion::gateway::IsValidRequestId(request.request_id));
      (void)champion::gateway::CheckUriLimits(request.path, request.query);
      break;
    }
    case RequestHeadResult::State::kError: {
      Check(result.problem.has_value());
      const int status = result.problem->status;
      Check(status == 400 || status == 413 || status == 431);
      Check(champion::gateway::IsValidRequestId(result.problem->request_id));
      const auto response = champion::gateway::ProblemResponse(*result.problem);
      Check(!response.body.empty());
      break;
    }
  }
  return 0;
}
