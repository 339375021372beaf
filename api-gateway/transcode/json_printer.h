#pragma once

// Response message -> JSON with a stable shape (docs/API.md "REST conventions"): proto field
// names in declaration order, map entries and Struct fields in key order, every field printed
// (zero values, empty lists and maps,
// null for an absent message, optional or oneof field), non-finite doubles as null,
// int64 as JSON strings, enums by name, well-known types in their canonical JSON.

#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "nlohmann/json.hpp"

namespace champion::gateway {

//! The JSON value of `message` as described above. Internal on a printer failure (which
//! only a message that cannot be serialised at all produces). Thread-safe.
absl::StatusOr<nlohmann::ordered_json> MessageToJsonValue(const google::protobuf::Message& message);

//! MessageToJsonValue, serialised compactly. With a non-empty `field`, only that field's
//! value (http rule response_body).
absl::StatusOr<std::string> PrintMessageJson(const google::protobuf::Message& message,
                                             const std::string& field = "");

}  // namespace champion::gateway
