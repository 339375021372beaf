#pragma once

// Errors on the REST face: gRPC / absl status -> HTTP status and an RFC 9457
// application/problem+json body. One table (HttpStatusFor), pinned by a table test.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "http/http_message.h"

namespace champion::gateway {

//! One invalid field of a validation error (from google.rpc.BadRequest).
struct ProblemFieldError {
  std::string field;
  std::string message;
};

//! Longest user value a detail echoes (request paths, names, ids), in bytes.
inline constexpr size_t kMaxEchoedValueBytes = 200;
//! Longest detail (and field-violation message) sent, in bytes: a backstop for messages
//! that embed values (the worker's, protobuf's).
inline constexpr size_t kMaxDetailBytes = 512;
//! Longest `instance` (the request path) sent, in bytes.
inline constexpr size_t kMaxInstanceBytes = 1024;

//! `text` when it has at most `max_bytes` bytes; else its first `max_bytes` bytes (never
//! cutting a UTF-8 sequence) followed by "…" (U+2026, 3 bytes).
std::string TruncateForClient(std::string_view text, size_t max_bytes = kMaxEchoedValueBytes);

//! An RFC 9457 problem. `errors` is always printed (empty unless validation failed).
struct Problem {
  int status = 500;
  std::string type;        //!< "/errors/not-found"
  std::string title;       //!< the HTTP reason phrase, e.g. "Not Found"
  std::string detail;      //!< human-readable, specific to this occurrence
  std::string instance;    //!< the request path
  std::string code;        //!< "NOT_FOUND", "METHOD_NOT_ALLOWED", ...
  std::string request_id;  //!< X-Request-Id of the exchange
  std::vector<ProblemFieldError> errors;
  int retry_after_seconds = 0;  //!< > 0: sent as the Retry-After header (not in the body)
};

//! The status table: INVALID_ARGUMENT with field violations -> 422, other
//! INVALID_ARGUMENT -> 400, NOT_FOUND -> 404, ALREADY_EXISTS / FAILED_PRECONDITION /
//! ABORTED -> 409, RESOURCE_EXHAUSTED -> 429, UNAUTHENTICATED -> 401,
//! PERMISSION_DENIED -> 403, DEADLINE_EXCEEDED -> 504, UNAVAILABLE -> 503,
//! UNIMPLEMENTED -> 501, anything else (OK included) -> 500.
int HttpStatusFor(absl::StatusCode code, bool has_field_violations);

//! The canonical name of a code: "INVALID_ARGUMENT", "NOT_FOUND", ...
std::string CodeName(absl::StatusCode code);

//! RFC 9110 reason phrase ("Unprocessable Content"); "Error" for unknown statuses.
std::string_view ReasonPhrase(int http_status);

//! A problem for a failed call: status from the table, field violations (attached as
//! by common/status_codes.h) as `errors`, type "/errors/<kebab-code>" ("/errors/validation"
//! for 422). The message becomes the detail (cut to kMaxDetailBytes), except for a 500
//! ("internal error") and a 503 (a generic "try again later"): their messages may hold
//! SQL, addresses or other internals, so the caller logs them instead.
Problem ProblemFromStatus(const absl::Status& status, std::string instance, std::string request_id);

//! A problem raised by the gateway itself (404 route, 405, 413, 415, ...). `code` is
//! upper snake case ("METHOD_NOT_ALLOWED"); the type is derived from it. The detail is cut
//! to kMaxDetailBytes and the instance to kMaxInstanceBytes; values echoed inside the
//! detail should be cut with TruncateForClient first.
Problem MakeProblem(int http_status, std::string code, std::string detail, std::string instance,
                    std::string request_id);

//! The JSON body (keys in RFC order: type, title, status, detail, instance, code,
//! request_id, errors).
std::string ProblemToJson(const Problem& problem);

//! A response with Content-Type application/problem+json, the problem's status, and
//! Retry-After when the problem names a delay.
HttpResponse ProblemResponse(const Problem& problem);

}  // namespace champion::gateway
