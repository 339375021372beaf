#pragma once

// The OpenAPI 3.1 description of the REST face, derived from the same route table the
// gateway serves (google.api.http + champion.v1.http_extras) and the message descriptors
// (proto3 JSON mapping as the gateway prints it: proto field names, int64 as strings, enums
// as names, Timestamp as RFC 3339). Built at build time by champion-openapi and served by
// the gateway at GET /openapi.json; both call OpenApiDocument, so they cannot differ.

#include <string>

#include "nlohmann/json.hpp"
#include "transcode/route_table.h"

namespace champion::gateway {

//! The document for `routes`. Keys are sorted (nlohmann::json), arrays follow route and
//! field order, so the output is byte-for-byte deterministic.
nlohmann::json OpenApiDocument(const RouteTable& routes);

//! The served document as text (pretty-printed, trailing newline): the routes of
//! ServedServices() from the generated pool.
std::string ServedOpenApiJson();

}  // namespace champion::gateway
