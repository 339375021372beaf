#pragma once

// Setting request fields from text (query parameters and path variables), and reading
// scalar fields back as text (Location templates).

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace champion::gateway {

//! Finds a field by proto name ("store_id") or JSON name ("storeId"); null when absent.
const google::protobuf::FieldDescriptor* FindFieldByAnyName(
    const google::protobuf::Descriptor* message, std::string_view name);

//! Sets the field at `path` (dotted, each part a proto or lowerCamelCase name; every part
//! but the last a singular message field) from `value`:
//!  - integers in decimal (range-checked), floats as decimal or "NaN"/"Infinity";
//!  - bools as true/false/1/0; enums as FindEnumValue reads them (enum_names.h); bytes as base64
//!  (standard
//!    or URL-safe); strings as is;
//!  - Timestamp/Duration/FieldMask and the wrapper types by their JSON string form.
//! A repeated field gets `value` appended. InvalidArgument naming the field and the
//! expected type on a bad value; NotFound when the path names no field.
absl::Status SetFieldFromText(google::protobuf::Message* message, std::string_view path,
                              std::string_view value);

//! True when `path` names the field `field_name` of the top-level message (either name).
bool PathNamesField(const google::protobuf::Descriptor* message, std::string_view path,
                    const google::protobuf::FieldDescriptor* field);

//! The text form of the singular scalar field at dotted `path` (strings as is, numbers
//! in decimal, enums by name, bools true/false); NotFound when the path names no such field.
absl::StatusOr<std::string> FieldToText(const google::protobuf::Message& message,
                                        std::string_view path);

//! Replaces each "{field.path}" of `text` with FieldToText of `message` (e.g. a Location
//! header "/model-selection/{selection_id}"); InvalidArgument on an unknown field.
absl::StatusOr<std::string> ExpandTemplate(std::string_view text,
                                           const google::protobuf::Message& message);

}  // namespace champion::gateway
