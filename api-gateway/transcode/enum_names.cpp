#include "transcode/enum_names.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "problem/problem_json.h"
#include "transcode/field_setter.h"

namespace champion::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using Json = nlohmann::json;

// The prefix every value name shares, up to and including its last '_' ("RANKING_METRIC_");
// empty when the names share none or there is a single value.
std::string CommonPrefix(const EnumDescriptor& type) {
  if (type.value_count() < 2) return "";
  std::string prefix = type.value(0)->name();
  for (int i = 1; i < type.value_count(); ++i) {
    const std::string& name = type.value(i)->name();
    std::size_t n = 0;
    while (n < prefix.size() && n < name.size() && prefix[n] == name[n]) ++n;
    prefix.resize(n);
  }
  const std::size_t cut = prefix.rfind('_');
  return cut == std::string::npos ? "" : prefix.substr(0, cut + 1);
}

std::string ShortName(const EnumValueDescriptor& value, std::string_view prefix) {
  return absl::AsciiStrToLower(absl::string_view(value.name()).substr(prefix.size()));
}

bool IsWellKnown(const Descriptor& type) {
  return absl::StartsWith(type.full_name(), "google.protobuf.");
}

absl::Status CanonicalizeValue(Json& value, const FieldDescriptor& field) {
  if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    return CanonicalizeEnums(value, *field.message_type());
  }
  if (field.cpp_type() != FieldDescriptor::CPPTYPE_ENUM) return absl::OkStatus();
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    const EnumValueDescriptor* found = FindEnumValue(*field.enum_type(), text);
    if (found == nullptr) return UnknownEnumValue(field, text);
    value = found->name();
  } else if (value.is_number_integer()) {
    const bool fits = value.is_number_unsigned()
                          ? value.get<uint64_t>() <= INT32_MAX
                          : value.get<int64_t>() >= INT32_MIN && value.get<int64_t>() <= INT32_MAX;
    const EnumValueDescriptor* found =
        fits ? field.enum_type()->FindValueByNumber(static_cast<int>(value.get<int64_t>()))
             : nullptr;
    if (found == nullptr) return UnknownEnumValue(field, value.dump());
    value = found->name();
  }
  return absl::OkStatus();  // null and other kinds: the parser's to judge.
}

}  // namespace

const EnumValueDescriptor* FindEnumValue(const EnumDescriptor& type, std::string_view text) {
  const absl::string_view t(text.data(), text.size());
  if (const EnumValueDescriptor* exact = type.FindValueByName(std::string(t))) return exact;
  int number = 0;
  if (absl::SimpleAtoi(t, &number)) return type.FindValueByNumber(number);
  const std::string prefix = CommonPrefix(type);
  for (int i = 0; i < type.value_count(); ++i) {
    const EnumValueDescriptor& value = *type.value(i);
    if (absl::EqualsIgnoreCase(value.name(), t)) return &value;
    if (!prefix.empty() && absl::EqualsIgnoreCase(ShortName(value, prefix), t)) return &value;
  }
  return nullptr;
}

std::string AllowedEnumValues(const EnumDescriptor& type) {
  const std::string prefix = CommonPrefix(type);
  std::string out;
  for (int i = 0; i < type.value_count(); ++i) {
    const EnumValueDescriptor& value = *type.value(i);
    if (value.number() == 0) continue;
    absl::StrAppend(&out, out.empty() ? "" : ", ", ShortName(value, prefix));
  }
  return out;
}

absl::Status UnknownEnumValue(const FieldDescriptor& field, std::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid value \"", TruncateForClient(text), "\" for field \"", field.name(),
                   "\" (expected one of: ", AllowedEnumValues(*field.enum_type()), ")"));
}

absl::Status CanonicalizeEnums(Json& body, const Descriptor& message) {
  if (!body.is_object() || IsWellKnown(message)) return absl::OkStatus();
  for (auto& [key, value] : body.items()) {
    const FieldDescriptor* field = FindFieldByAnyName(&message, key);
    if (field == nullptr || value.is_null()) continue;  // The parser reports unknown keys.
    if (field->is_map()) {
      if (!value.is_object()) continue;
      const FieldDescriptor& mapped = *field->message_type()->map_value();
      for (auto& [unused, entry] : value.items()) {
        if (auto st = CanonicalizeValue(entry, mapped); !st.ok()) return st;
      }
    } else if (field->is_repeated() && value.is_array()) {
      for (Json& element : value) {
        if (auto st = CanonicalizeValue(element, *field); !st.ok()) return st;
      }
    } else if (!field->is_repeated()) {
      if (auto st = CanonicalizeValue(value, *field); !st.ok()) return st;
    }
  }
  return absl::OkStatus();
}

}  // namespace champion::gateway
