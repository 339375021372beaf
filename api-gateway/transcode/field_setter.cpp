#include "transcode/field_setter.h"

#include <cstdint>
#include <string>
#include <type_traits>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "problem/problem_json.h"
#include "transcode/enum_names.h"

namespace champion::gateway {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

absl::Status BadValue(const FieldDescriptor* field, std::string_view value, std::string_view type) {
  return absl::InvalidArgumentError(absl::StrCat("invalid value \"", TruncateForClient(value),
                                                 "\" for field \"", field->name(), "\" (expected ",
                                                 std::string(type), ")"));
}

// Well-formed UTF-8 as protobuf checks proto3 strings on parse: no overlong forms, no
// surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t tail = 0;
    uint32_t code_point = 0;
    uint32_t smallest = 0;
    if ((lead & 0xE0) == 0xC0) {
      tail = 1;
      code_point = lead & 0x1F;
      smallest = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      tail = 2;
      code_point = lead & 0x0F;
      smallest = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      tail = 3;
      code_point = lead & 0x07;
      smallest = 0x10000;
    } else {
      return false;
    }
    if (text.size() - i <= tail) return false;
    for (size_t k = 1; k <= tail; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    if (code_point < smallest || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += tail + 1;
  }
  return true;
}

bool ParseBool(std::string_view v, bool* out) {
  if (v == "true" || v == "1") {
    *out = true;
  } else if (v == "false" || v == "0") {
    *out = false;
  } else {
    return false;
  }
  return true;
}

// Well-known message types that have a scalar JSON form.
bool HasScalarJsonForm(const google::protobuf::Descriptor* d) {
  const std::string& n = d->full_name();
  return n == "google.protobuf.Timestamp" || n == "google.protobuf.Duration" ||
         n == "google.protobuf.FieldMask" ||
         (d->file()->name() == "google/protobuf/wrappers.proto");
}

absl::Status SetMessageFromText(Message* target, const FieldDescriptor* field,
                                std::string_view value) {
  const auto* d = target->GetDescriptor();
  std::string json;
  if (d->full_name() == "google.protobuf.BoolValue") {
    bool b = false;
    if (!ParseBool(value, &b)) return BadValue(field, value, "bool");
    json = b ? "true" : "false";
  } else {
    json = nlohmann::json(std::string(value)).dump();
  }
  const auto status = google::protobuf::util::JsonStringToMessage(json, target);
  if (!status.ok()) return BadValue(field, value, d->full_name());
  return absl::OkStatus();
}

template <typename T>
absl::Status ParseNumber(const FieldDescriptor* f, std::string_view v, T* out) {
  const absl::string_view text(v.data(), v.size());
  bool ok = false;
  if constexpr (std::is_same_v<T, double>) {
    ok = absl::SimpleAtod(text, out);
  } else {
    ok = absl::SimpleAtoi(text, out);
  }
  if (!ok) return BadValue(f, v, f->type_name());
  return absl::OkStatus();
}

absl::Status SetScalar(Message* m, const FieldDescriptor* f, std::string_view v) {
  // The worker cannot parse a proto3 string that is not UTF-8 (its call would fail as
  // INTERNAL); no other type takes such text either.
  if (!IsValidUtf8(v)) return BadValue(f, v, "UTF-8 text");
  const Reflection* r = m->GetReflection();
  const bool rep = f->is_repeated();
#define CHAMPION_SET(T, Setter)                               \
  {                                                           \
    T x{};                                                    \
    if (auto st = ParseNumber(f, v, &x); !st.ok()) return st; \
    rep ? r->Add##Setter(m, f, x) : r->Set##Setter(m, f, x);  \
    return absl::OkStatus();                                  \
  }
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      CHAMPION_SET(int32_t, Int32)
    case FieldDescriptor::CPPTYPE_INT64:
      CHAMPION_SET(int64_t, Int64)
    case FieldDescriptor::CPPTYPE_UINT32:
      CHAMPION_SET(uint32_t, UInt32)
    case FieldDescriptor::CPPTYPE_UINT64:
      CHAMPION_SET(uint64_t, UInt64)
    case FieldDescriptor::CPPTYPE_DOUBLE:
      CHAMPION_SET(double, Double)
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double x = 0;
      if (auto st = ParseNumber(f, v, &x); !st.ok()) return st;
      rep ? r->AddFloat(m, f, static_cast<float>(x)) : r->SetFloat(m, f, static_cast<float>(x));
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool b = false;
      if (!ParseBool(v, &b)) return BadValue(f, v, "bool: true, false, 1 or 0");
      rep ? r->AddBool(m, f, b) : r->SetBool(m, f, b);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* value = FindEnumValue(*f->enum_type(), v);
      if (value == nullptr) return UnknownEnumValue(*f, v);
      rep ? r->AddEnum(m, f, value) : r->SetEnum(m, f, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string s(v);
      if (f->type() == FieldDescriptor::TYPE_BYTES) {
        const absl::string_view text(v.data(), v.size());
        if (!absl::Base64Unescape(text, &s) && !absl::WebSafeBase64Unescape(text, &s)) {
          return BadValue(f, v, "base64 bytes");
        }
      }
      rep ? r->AddString(m, f, std::move(s)) : r->SetString(m, f, std::move(s));
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
#undef CHAMPION_SET
  if (!HasScalarJsonForm(f->message_type())) {
    return absl::InvalidArgumentError(
        absl::StrCat("field \"", f->name(), "\" is a message and cannot be set from text"));
  }
  Message* target = rep ? r->AddMessage(m, f) : r->MutableMessage(m, f);
  return SetMessageFromText(target, f, v);
}

}  // namespace

const FieldDescriptor* FindFieldByAnyName(const google::protobuf::Descriptor* message,
                                          std::string_view name) {
  const std::string key(name);
  if (const auto* f = message->FindFieldByName(key)) return f;
  for (int i = 0; i < message->field_count(); ++i) {
    if (message->field(i)->json_name() == key) return message->field(i);
  }
  return nullptr;
}

absl::Status SetFieldFromText(Message* message, std::string_view path, std::string_view value) {
  const std::vector<std::string> parts =
      absl::StrSplit(absl::string_view(path.data(), path.size()), '.');
  Message* current = message;
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* f = FindFieldByAnyName(current->GetDescriptor(), parts[i]);
    if (f == nullptr) {
      return absl::NotFoundError(absl::StrCat("unknown field \"", TruncateForClient(path), "\""));
    }
    if (i + 1 == parts.size()) {
      if (f->is_map()) {
        return absl::InvalidArgumentError(
            absl::StrCat("map field \"", f->name(), "\" cannot be set from text"));
      }
      return SetScalar(current, f, value);
    }
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || f->is_repeated() ||
        HasScalarJsonForm(f->message_type())) {
      return absl::NotFoundError(absl::StrCat("unknown field \"", TruncateForClient(path), "\""));
    }
    current = current->GetReflection()->MutableMessage(current, f);
  }
  return absl::NotFoundError("empty field path");
}

bool PathNamesField(const google::protobuf::Descriptor* message, std::string_view path,
                    const FieldDescriptor* field) {
  const size_t dot = path.find('.');
  return field != nullptr && FindFieldByAnyName(message, path.substr(0, dot)) == field;
}

absl::StatusOr<std::string> FieldToText(const Message& message, std::string_view path) {
  const Message* current = &message;
  const std::vector<std::string> parts =
      absl::StrSplit(absl::string_view(path.data(), path.size()), '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* f = FindFieldByAnyName(current->GetDescriptor(), parts[i]);
    if (f == nullptr || f->is_repeated()) break;
    const Reflection* r = current->GetReflection();
    if (i + 1 < parts.size()) {
      if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) break;
      current = &r->GetMessage(*current, f);
      continue;
    }
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return absl::StrCat(r->GetInt32(*current, f));
      case FieldDescriptor::CPPTYPE_INT64:
        return absl::StrCat(r->GetInt64(*current, f));
      case FieldDescriptor::CPPTYPE_UINT32:
        return absl::StrCat(r->GetUInt32(*current, f));
      case FieldDescriptor::CPPTYPE_UINT64:
        return absl::StrCat(r->GetUInt64(*current, f));
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return absl::StrCat(r->GetDouble(*current, f));
      case FieldDescriptor::CPPTYPE_FLOAT:
        return absl::StrCat(r->GetFloat(*current, f));
      case FieldDescriptor::CPPTYPE_BOOL:
        return std::string(r->GetBool(*current, f) ? "true" : "false");
      case FieldDescriptor::CPPTYPE_ENUM:
        return r->GetEnum(*current, f)->name();
      case FieldDescriptor::CPPTYPE_STRING:
        return r->GetString(*current, f);
      case FieldDescriptor::CPPTYPE_MESSAGE:
        break;
    }
    break;
  }
  return absl::NotFoundError(absl::StrCat("no scalar field \"", std::string(path), "\""));
}

absl::StatusOr<std::string> ExpandTemplate(std::string_view text, const Message& message) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find('{', i);
    if (open == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    const size_t close = text.find('}', open);
    if (close == std::string_view::npos) return absl::InvalidArgumentError("unclosed '{'");
    out.append(text.substr(i, open - i));
    auto value = FieldToText(message, text.substr(open + 1, close - open - 1));
    if (!value.ok()) return absl::InvalidArgumentError(value.status().message());
    out += *value;
    i = close + 1;
  }
  return out;
}

}  // namespace champion::gateway
