#pragma once

// A JSON request body checked against the message descriptor before protobuf parses it:
// protobuf 3.21's JSON parser reads a lone value given for a repeated field as a one-item
// list (docs/TOOLCHAIN.md fact 3), so `"candidate_models": {...}` would silently pass.

#include <string_view>

#include "absl/status/status.h"
#include "google/protobuf/descriptor.h"

namespace champion::gateway {

//! OK when `json` is valid JSON, an object, and every known field in it has the JSON kind
//! its descriptor calls for: repeated fields are arrays, maps and messages objects,
//! singular scalars neither; `null` is always accepted (protobuf reads it as unset).
//! Recurses into messages, list items and map values. Well-known types (google.protobuf.*)
//! keep their own JSON forms and unknown keys are left to the parser. InvalidArgument
//! otherwise: "request body is not valid JSON", or naming the field path, e.g.
//! `field "candidate_models" must be a JSON array, not an object`. Streams (SAX): memory
//! does not grow with the body.
absl::Status CheckJsonShape(std::string_view json, const google::protobuf::Descriptor& type);

}  // namespace champion::gateway
