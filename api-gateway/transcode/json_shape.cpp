#include "transcode/json_shape.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "problem/problem_json.h"
#include "transcode/field_setter.h"

namespace champion::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using Json = nlohmann::json;

enum class Kind { kNull, kScalar, kObject, kArray };

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kObject:
      return "an object";
    case Kind::kArray:
      return "an array";
    default:
      return "a single value";
  }
}

bool IsWellKnown(const Descriptor* type) {
  return absl::StartsWith(type->full_name(), "google.protobuf.");
}

// Walks the parse events with a stack of open objects and arrays, each knowing which
// descriptor governs its members. Subtrees nobody checks (unknown keys, well-known types)
// are skipped by depth counting. The first mismatch stops the parse.
class ShapeChecker final : public nlohmann::json_sax<Json> {
 public:
  explicit ShapeChecker(const Descriptor& root) : root_(root) {}

  absl::Status status() const { return status_; }

  bool null() override { return Value(Kind::kNull, ""); }
  bool boolean(bool) override { return Value(Kind::kScalar, "a boolean"); }
  bool number_integer(number_integer_t) override { return Value(Kind::kScalar, "a number"); }
  bool number_unsigned(number_unsigned_t) override { return Value(Kind::kScalar, "a number"); }
  bool number_float(number_float_t, const string_t&) override {
    return Value(Kind::kScalar, "a number");
  }
  bool string(string_t&) override { return Value(Kind::kScalar, "a string"); }
  bool binary(binary_t&) override { return Value(Kind::kScalar, "a string"); }
  bool start_object(std::size_t) override { return Value(Kind::kObject, "an object"); }
  bool start_array(std::size_t) override { return Value(Kind::kArray, "an array"); }
  bool end_object() override { return End(); }
  bool end_array() override { return End(); }

  bool key(string_t& name) override {
    if (skip_depth_ > 0) return true;
    Frame& top = stack_.back();
    next_path_ = top.path.empty() ? name : absl::StrCat(top.path, ".", name);
    if (top.map_field != nullptr) {
      next_field_ = top.map_field->message_type()->map_value();
      next_is_item_ = true;
    } else {
      next_field_ = FindFieldByAnyName(top.message, name);
      next_is_item_ = false;
    }
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    if (status_.ok()) status_ = absl::InvalidArgumentError("request body is not valid JSON");
    return false;
  }

 private:
  struct Frame {
    const Descriptor* message = nullptr;          // an object of this message type
    const FieldDescriptor* map_field = nullptr;   // an object that is this map field's value
    const FieldDescriptor* list_field = nullptr;  // an array of this repeated field
    std::string path;
    size_t next_index = 0;
  };

  // One value starts (an object or array opens, or a scalar arrives).
  bool Value(Kind kind, std::string_view scalar_name) {
    const bool opens = kind == Kind::kObject || kind == Kind::kArray;
    if (skip_depth_ > 0) {
      if (opens) ++skip_depth_;
      return true;
    }
    if (stack_.empty()) {  // the body itself
      if (kind != Kind::kObject) return Fail("request body must be a JSON object");
      stack_.push_back({.message = &root_});
      return true;
    }
    Frame& top = stack_.back();
    if (top.list_field != nullptr) {
      next_field_ = top.list_field;
      next_path_ = absl::StrCat(top.path, "[", top.next_index++, "]");
      next_is_item_ = true;
    }
    const FieldDescriptor* field = next_field_;
    next_field_ = nullptr;
    if (kind == Kind::kNull) return true;
    if (field == nullptr) return Skip(opens);  // unknown: the parser reports it
    const std::string_view given = opens ? KindName(kind) : scalar_name;
    if (field->is_map() && !next_is_item_) {
      if (kind != Kind::kObject) return WrongKind("a JSON object", given);
      stack_.push_back({.map_field = field, .path = next_path_});
      return true;
    }
    if (field->is_repeated() && !next_is_item_) {
      if (kind != Kind::kArray) return WrongKind("a JSON array", given);
      stack_.push_back({.list_field = field, .path = next_path_});
      return true;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (IsWellKnown(field->message_type())) return Skip(opens);
      if (kind != Kind::kObject) return WrongKind("a JSON object", given);
      stack_.push_back({.message = field->message_type(), .path = next_path_});
      return true;
    }
    if (opens) return WrongKind("a single value", given);
    return true;
  }

  bool End() {
    if (skip_depth_ > 0) {
      --skip_depth_;
      return true;
    }
    if (!stack_.empty()) stack_.pop_back();
    return true;
  }

  bool Skip(bool opens) {
    if (opens) skip_depth_ = 1;
    return true;
  }

  bool WrongKind(std::string_view expected, std::string_view given) {
    return Fail(absl::StrCat("field \"", TruncateForClient(next_path_), "\" must be ",
                             std::string(expected), ", not ", std::string(given)));
  }

  bool Fail(std::string message) {
    status_ = absl::InvalidArgumentError(std::move(message));
    return false;
  }

  const Descriptor& root_;
  std::vector<Frame> stack_;
  size_t skip_depth_ = 0;
  const FieldDescriptor* next_field_ = nullptr;  // governs the next value (null: unknown)
  std::string next_path_;
  bool next_is_item_ = false;  // the next value is one item of a list or map
  absl::Status status_;
};

}  // namespace

absl::Status CheckJsonShape(std::string_view json, const Descriptor& type) {
  ShapeChecker checker(type);
  const bool ok = Json::sax_parse(json, &checker);
  if (!ok && checker.status().ok())
    return absl::InvalidArgumentError("request body is not valid JSON");
  return checker.status();
}

}  // namespace champion::gateway
