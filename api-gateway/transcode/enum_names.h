#pragma once

// Enum values as people type them. The canonical proto name (RANKING_METRIC_WAPE) is what
// the JSON printer writes; requests also accept the short name without the enum's common
// prefix ("wape"), either in any letter case, or the value's number.

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "google/protobuf/descriptor.h"
#include "nlohmann/json.hpp"

namespace champion::gateway {

//! The value `text` names in `type` (full or short name, any case, or its number); null when
//! it names none.
const google::protobuf::EnumValueDescriptor* FindEnumValue(
    const google::protobuf::EnumDescriptor& type, std::string_view text);

//! The accepted short names, lowercase, comma-separated, in declaration order, without the
//! zero value (UNSPECIFIED): "wape, smape, mae, ...". For error messages.
std::string AllowedEnumValues(const google::protobuf::EnumDescriptor& type);

//! The client error for `text` naming no value of `field`'s enum: it names the field and
//! lists AllowedEnumValues.
absl::Status UnknownEnumValue(const google::protobuf::FieldDescriptor& field,
                              std::string_view text);

//! Rewrites every enum value in `body` (a request body for `message`, already shape-checked:
//! CheckJsonShape) to its canonical name, recursing into message fields, repeated fields and
//! map values, so protobuf's JSON parser accepts the names FindEnumValue accepts. Unknown
//! keys and well-known types are left to the parser. InvalidArgument (UnknownEnumValue) for
//! a string or number that names no value.
absl::Status CanonicalizeEnums(nlohmann::json& body, const google::protobuf::Descriptor& message);

}  // namespace champion::gateway
