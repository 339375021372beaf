#pragma once

// HTTP request -> request message(s) for a matched route (google.api.http semantics):
// path variables and query parameters set fields by (dotted) name; the body fills the
// whole message ("*") or one field; a raw body (http_extras.raw_body) fills a bytes
// field and, for a client stream, is split into one message per chunk.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "transcode/route_table.h"

namespace champion::gateway {

//! Splits "a=1&b=x+y" into decoded pairs ('+' is a space). InvalidArgument on a bad
//! percent escape.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseQueryString(
    std::string_view query);

//! True for application/json and any "+json" type (parameters ignored); false for an
//! absent one: a browser sends cross-site bodies without a preflight only as text/plain or
//! forms, or with no type at all.
bool IsJsonContentType(std::string_view content_type);

//! True when the media type of `content_type` (parameters ignored, case-insensitive) is
//! one of the route's raw_body_content_types (any type when the list is empty).
bool IsAcceptedRawContentType(const Route& route, std::string_view content_type);

//! Builds the request message. Unknown JSON fields, malformed JSON, wrong types (a
//! non-array for a repeated field included, see CheckJsonShape), unknown
//! or path/body-bound query parameters, and a body on a route without one are all
//! InvalidArgument (HTTP 400) with a message naming the culprit. For a raw-body route
//! the body is ignored here (see SetRawBody / RawBodyStream). JSON accepts proto and
//! lowerCamelCase names.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> BuildRequestMessage(
    const Route& route, const std::vector<PathBinding>& bindings, std::string_view query,
    std::string_view body);

//! Sets the route's body field (bytes or string) of `message` to `body`.
absl::Status SetRawBody(const Route& route, google::protobuf::Message* message, std::string body);

//! The messages of a raw-body client stream: the first carries the query/path fields and
//! the first chunk, the next ones only their chunk. Yields at least one message. Not
//! thread-safe (one reader).
class RawBodyStream {
 public:
  //! `first` is from BuildRequestMessage; `chunk_bytes` > 0.
  RawBodyStream(const Route& route, std::unique_ptr<google::protobuf::Message> first,
                std::string body, size_t chunk_bytes);
  //! The next serialized message; nullopt after the last.
  std::optional<std::string> Next();

 private:
  const google::protobuf::FieldDescriptor* field_;
  std::unique_ptr<google::protobuf::Message> first_;
  std::string body_;
  size_t chunk_bytes_;
  size_t offset_ = 0;
  bool started_ = false;
};

}  // namespace champion::gateway
