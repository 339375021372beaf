// The request parser's settings and what its results become, shared by the connections
// (http_session.cpp) and ParseRequestHead.
#include "http/http_server_parser_impl.h"
//
#include "absl/strings/str_cat.h"
#include "http/http_server_parser.h"
#include "http/request_id.h"
#include "http/trace_context.h"

namespace champion::gateway {

namespace beast = boost::beast;
namespace http = beast::http;

void ConfigureRequestParser(RequestParser& parser, size_t max_body_bytes) {
  parser.body_limit(max_body_bytes);
  parser.header_limit(kMaxRequestHeadBytes);
}

HttpRequest ToRequest(http::request<http::string_body>&& r) {
  HttpRequest out;
  out.method = std::string(r.method_string());
  out.target = std::string(r.target());
  const size_t q = out.target.find('?');
  out.path = out.target.substr(0, q);
  if (q != std::string::npos) out.query = out.target.substr(q + 1);
  for (const auto& field : r) {
    out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  out.body = std::move(r.body());
  out.request_id = RequestIdFor(out.Header("X-Request-Id"));
  const TraceParent trace = ContinueTrace(ParseTraceParent(out.Header("traceparent")));
  out.traceparent = trace.Header();
  out.trace_id = trace.trace_id;
  return out;
}

Problem ReadErrorProblem(const beast::error_code& ec, size_t max_body_bytes,
                         const RequestParser& parser) {
  const auto& head = parser.get();
  const std::string request_id =
      RequestIdFor(std::string_view(head["X-Request-Id"].data(), head["X-Request-Id"].size()));
  const std::string path(head.target().substr(0, head.target().find('?')));
  if (ec == http::error::body_limit) {
    return MakeProblem(413, "PAYLOAD_TOO_LARGE",
                       absl::StrCat("request body exceeds ", max_body_bytes, " bytes"), path,
                       request_id);
  }
  if (ec == http::error::header_limit) {
    return MakeProblem(
        431, "REQUEST_HEADER_FIELDS_TOO_LARGE",
        absl::StrCat("request line and headers exceed ", kMaxRequestHeadBytes, " bytes"), path,
        request_id);
  }
  return MakeProblem(400, "BAD_REQUEST", "malformed HTTP request", path, request_id);
}

RequestHeadResult ParseRequestHead(std::string_view bytes, size_t max_body_bytes) {
  RequestParser parser;
  ConfigureRequestParser(parser, max_body_bytes);
  RequestHeadResult result;
  beast::error_code ec;
  // put() takes nothing until the whole head is in the buffer and stops after it (the
  // parser is not eager), as async_read_header does on a growing buffer. Each round
  // consumes bytes or ends, so the loop is bounded by the input's size.
  size_t used = 0;
  while (!parser.is_header_done()) {
    const size_t n = parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    used += n;
    if (ec || n == 0) break;
  }
  if (ec == http::error::need_more || (!ec && !parser.is_header_done())) return result;
  if (ec) {
    result.state = RequestHeadResult::State::kError;
    result.problem = ReadErrorProblem(ec, max_body_bytes, parser);
    return result;
  }
  result.state = RequestHeadResult::State::kComplete;
  result.head_bytes = used;
  result.request = ToRequest(parser.release());
  return result;
}

}  // namespace champion::gateway
