#include "transcode/json_printer.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"

namespace champion::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using Json = nlohmann::ordered_json;

bool IsWellKnown(const Descriptor* d) { return d->file()->package() == "google.protobuf"; }

// protobuf prints NaN and +-inf as the strings "NaN", "Infinity", "-Infinity".
Json FixDouble(const Json& value) { return value.is_string() ? Json(nullptr) : value; }

Json Normalize(const Descriptor* d, const Json& in);

// Objects with their keys in byte order, at every depth: protobuf prints map entries (and a
// Struct's fields, a map) in hash order, which differs between processes and calls.
Json SortKeys(const Json& in) {
  if (in.is_array()) {
    Json out = Json::array();
    for (const auto& item : in) out.push_back(SortKeys(item));
    return out;
  }
  if (!in.is_object()) return in;
  std::vector<std::string> keys;
  for (const auto& [key, item] : in.items()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  Json out = Json::object();
  for (const std::string& key : keys) out[key] = SortKeys(in.at(key));
  return out;
}

Json NormalizeSingle(const FieldDescriptor* f, const Json& value) {
  if (value.is_null()) return value;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      return FixDouble(value);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return Normalize(f->message_type(), value);
    default:
      return value;
  }
}

Json NormalizeField(const FieldDescriptor* f, const Json& value) {
  if (f->is_map()) {
    Json out = Json::object();
    if (!value.is_object()) return out;
    const FieldDescriptor* value_field = f->message_type()->map_value();
    const Json sorted = SortKeys(value);
    for (const auto& [key, item] : sorted.items()) out[key] = NormalizeSingle(value_field, item);
    return out;
  }
  if (f->is_repeated()) {
    Json out = Json::array();
    if (!value.is_array()) return out;
    for (const auto& item : value) out.push_back(NormalizeSingle(f, item));
    return out;
  }
  return NormalizeSingle(f, value);
}

// The value printed for a field protobuf left out.
Json Missing(const FieldDescriptor* f) {
  if (f->is_map()) return Json::object();
  if (f->is_repeated()) return Json::array();
  return nullptr;  // absent message, proto3 optional or oneof member
}

Json Normalize(const Descriptor* d, const Json& in) {
  if (IsWellKnown(d)) {
    // Canonical JSON stays as protobuf prints it, except non-finite wrapped doubles.
    const std::string& name = d->full_name();
    if (name == "google.protobuf.DoubleValue" || name == "google.protobuf.FloatValue") {
      return FixDouble(in);
    }
    if (name == "google.protobuf.Struct" || name == "google.protobuf.Value" ||
        name == "google.protobuf.ListValue") {
      return SortKeys(in);
    }
    return in;
  }
  if (!in.is_object()) return in;
  Json out = Json::object();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    const auto it = in.find(f->name());
    out[f->name()] = it == in.end() ? Missing(f) : NormalizeField(f, *it);
  }
  return out;
}

}  // namespace

absl::StatusOr<Json> MessageToJsonValue(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string text;
  const auto status = google::protobuf::util::MessageToJsonString(message, &text, options);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("cannot print ", message.GetDescriptor()->full_name(),
                                            ": ", std::string(status.message())));
  }
  const Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return absl::InternalError("protobuf printed invalid JSON");
  return Normalize(message.GetDescriptor(), parsed);
}

absl::StatusOr<std::string> PrintMessageJson(const google::protobuf::Message& message,
                                             const std::string& field) {
  auto json = MessageToJsonValue(message);
  if (!json.ok()) return json.status();
  if (!field.empty()) {
    const auto it = json->find(field);
    if (it == json->end()) return absl::InternalError(absl::StrCat("no response field ", field));
    return it->dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  return json->dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace champion::gateway
