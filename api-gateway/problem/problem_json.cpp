#include "problem/problem_json.h"

#include <cctype>

#include "absl/strings/str_cat.h"
#include "common/status_codes.h"
#include "nlohmann/json.hpp"

namespace champion::gateway {
namespace {

std::string TypeForCode(std::string_view code) {
  std::string out = "/errors/";
  for (const char c : code) {
    out += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

constexpr char kEllipsis[] = "\xE2\x80\xA6";

}  // namespace

std::string TruncateForClient(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  // Back off continuation bytes (10xxxxxx) so that a multi-byte sequence is not split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::string out(text.substr(0, cut));
  out += kEllipsis;
  return out;
}

int HttpStatusFor(absl::StatusCode code, bool has_field_violations) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
      return has_field_violations ? 422 : 400;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kUnimplemented:
      return 501;
    default:
      return 500;
  }
}

std::string CodeName(absl::StatusCode code) { return absl::StatusCodeToString(code); }

std::string_view ReasonPhrase(int http_status) {
  switch (http_status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 421:
      return "Misdirected Request";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Error";
  }
}

Problem ProblemFromStatus(const absl::Status& status, std::string instance,
                          std::string request_id) {
  const std::vector<FieldViolation> violations = GetFieldViolations(status);
  const bool has_violations =
      status.code() == absl::StatusCode::kInvalidArgument && !violations.empty();
  const int http_status = HttpStatusFor(status.code(), has_violations);
  std::string detail(status.message());
  if (http_status == 500) detail = "internal error";
  if (http_status == 503) detail = "the service is unavailable; try again later";
  Problem problem = MakeProblem(http_status, CodeName(status.code()), std::move(detail),
                                std::move(instance), std::move(request_id));
  if (has_violations) {
    problem.type = "/errors/validation";
    for (const auto& v : violations) {
      problem.errors.push_back({TruncateForClient(v.field, kMaxDetailBytes),
                                TruncateForClient(v.description, kMaxDetailBytes)});
    }
  }
  if (problem.detail.empty()) problem.detail = problem.title;
  return problem;
}

Problem MakeProblem(int http_status, std::string code, std::string detail, std::string instance,
                    std::string request_id) {
  Problem problem;
  problem.status = http_status;
  problem.type = TypeForCode(code);
  problem.title = std::string(ReasonPhrase(http_status));
  problem.detail = TruncateForClient(detail, kMaxDetailBytes);
  problem.instance = TruncateForClient(instance, kMaxInstanceBytes);
  problem.code = std::move(code);
  problem.request_id = std::move(request_id);
  return problem;
}

std::string ProblemToJson(const Problem& problem) {
  nlohmann::ordered_json json;
  json["type"] = problem.type;
  json["title"] = problem.title;
  json["status"] = problem.status;
  json["detail"] = problem.detail;
  json["instance"] = problem.instance;
  json["code"] = problem.code;
  json["request_id"] = problem.request_id;
  json["errors"] = nlohmann::ordered_json::array();
  for (const auto& e : problem.errors) {
    json["errors"].push_back({{"field", e.field}, {"message", e.message}});
  }
  // Invalid UTF-8 (e.g. echoed from a request) is replaced rather than thrown on.
  return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

HttpResponse ProblemResponse(const Problem& problem) {
  HttpResponse response;
  response.status = problem.status;
  response.SetHeader("Content-Type", "application/problem+json");
  response.body = ProblemToJson(problem);
  // RFC 6750: a 401 names the scheme the client should use.
  if (problem.status == 401 && response.Header("WWW-Authenticate").empty()) {
    response.SetHeader("WWW-Authenticate", "Bearer realm=\"champion\"");
  }
  if (problem.retry_after_seconds > 0) {
    response.SetHeader("Retry-After", absl::StrCat(problem.retry_after_seconds));
  }
  return response;
}

}  // namespace champion::gateway
