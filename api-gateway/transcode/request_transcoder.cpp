#include "transcode/request_transcoder.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "problem/problem_json.h"
#include "transcode/enum_names.h"
#include "transcode/field_setter.h"
#include "transcode/json_shape.h"

namespace champion::gateway {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

std::string MediaType(std::string_view content_type) {
  const std::string_view media = content_type.substr(0, content_type.find(';'));
  return absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(absl::string_view(media.data(), media.size())));
}

// protobuf's JSON parse errors in the gateway's words: "bogus: Cannot find field." becomes
// `unknown field "bogus"`, "(store_id): invalid value "x" for type TYPE_INT64" names the field
// and what it takes; anything else loses its trailing period (the problem adds none).
std::string ReadableParseError(std::string_view text) {
  const absl::string_view t(text.data(), text.size());
  absl::string_view rest = t;
  if (absl::ConsumeSuffix(&rest, ": Cannot find field.")) {
    return absl::StrCat("unknown field \"", rest, "\"");
  }
  rest = t;
  const std::size_t close = rest.find("): invalid value ");
  const std::size_t type = rest.rfind(" for type TYPE_");
  if (absl::StartsWith(rest, "(") && close != absl::string_view::npos &&
      type != absl::string_view::npos && type > close) {
    const absl::string_view field = rest.substr(1, close - 1);
    const std::size_t value_at = close + std::string_view("): invalid value ").size();
    const absl::string_view value = rest.substr(value_at, type - value_at);
    const absl::string_view kind = rest.substr(type + std::string_view(" for type TYPE_").size());
    std::string expected = "a " + absl::AsciiStrToLower(kind);
    if (absl::StrContains(kind, "INT")) expected = "an integer";
    if (kind == "DOUBLE" || kind == "FLOAT") expected = "a number";
    if (kind == "BOOL") expected = "true or false";
    return absl::StrCat("invalid value ", value, " for field \"", field, "\" (expected ", expected,
                        ")");
  }
  absl::ConsumeSuffix(&rest, ".");
  return std::string(rest);
}

absl::Status ParseJsonInto(std::string_view json, Message* message) {
  // Also rejects invalid JSON, before protobuf's lenient reading of repeated fields.
  if (auto st = CheckJsonShape(json, *message->GetDescriptor()); !st.ok()) return st;
  // Enum values by their short or lowercase names too: rewritten to the canonical ones.
  // CheckJsonShape accepted the text, so it parses; the guards only keep a surprise a 400.
  nlohmann::json tree = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
  if (tree.is_discarded()) return absl::InvalidArgumentError("request body is not valid JSON");
  if (auto st = CanonicalizeEnums(tree, *message->GetDescriptor()); !st.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("invalid request body: ", st.message()));
  }
  const std::string canonical = tree.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(canonical, message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid request body: ", ReadableParseError(std::string(status.message()))));
  }
  return absl::OkStatus();
}

bool IsBlank(std::string_view s) {
  return absl::StripAsciiWhitespace(absl::string_view(s.data(), s.size())).empty();
}

absl::Status ApplyBody(const Route& route, std::string_view body, Message* message) {
  if (route.extras.raw_body()) return absl::OkStatus();
  if (route.body.empty()) {
    if (!IsBlank(body)) return absl::InvalidArgumentError("this route takes no request body");
    return absl::OkStatus();
  }
  if (IsBlank(body)) return absl::OkStatus();
  if (route.body == "*") {
    const size_t first = body.find_first_not_of(" \t\r\n");
    if (body[first] != '{') return absl::InvalidArgumentError("request body must be a JSON object");
    return ParseJsonInto(body, message);
  }
  // One field: validate the body as one JSON value first, so wrapping it cannot smuggle
  // in other fields.
  if (!nlohmann::json::accept(body))
    return absl::InvalidArgumentError("request body is not valid JSON");
  return ParseJsonInto(absl::StrCat("{\"", route.body, "\":", std::string(body), "}"), message);
}

}  // namespace

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseQueryString(
    std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  for (absl::string_view item :
       absl::StrSplit(absl::string_view(query.data(), query.size()), '&')) {
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    std::string key(item.substr(0, eq));
    std::string value(eq == absl::string_view::npos ? "" : item.substr(eq + 1));
    std::replace(key.begin(), key.end(), '+', ' ');
    std::replace(value.begin(), value.end(), '+', ' ');
    std::pair<std::string, std::string> decoded;
    if (!PercentDecode(key, false, &decoded.first) ||
        !PercentDecode(value, false, &decoded.second)) {
      return absl::InvalidArgumentError(
          absl::StrCat("malformed query parameter \"",
                       TruncateForClient(std::string_view(item.data(), item.size())), "\""));
    }
    out.push_back(std::move(decoded));
  }
  return out;
}

bool IsJsonContentType(std::string_view content_type) {
  const std::string media = MediaType(content_type);
  return media == "application/json" || absl::EndsWith(media, "+json");
}

bool IsAcceptedRawContentType(const Route& route, std::string_view content_type) {
  if (route.extras.raw_body_content_types().empty()) return true;
  const std::string media = MediaType(content_type);
  for (const auto& accepted : route.extras.raw_body_content_types()) {
    if (absl::AsciiStrToLower(accepted) == media) return true;
  }
  return false;
}

absl::StatusOr<std::unique_ptr<Message>> BuildRequestMessage(
    const Route& route, const std::vector<PathBinding>& bindings, std::string_view query,
    std::string_view body) {
  const auto* input = route.method->input_type();
  std::unique_ptr<Message> message(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(input)->New());
  if (auto st = ApplyBody(route, body, message.get()); !st.ok()) return st;
  auto params = ParseQueryString(query);
  if (!params.ok()) return params.status();
  const FieldDescriptor* body_field =
      route.body.empty() || route.body == "*" ? nullptr : input->FindFieldByName(route.body);
  for (const auto& [name, value] : *params) {
    bool bound = route.body == "*" || PathNamesField(input, name, body_field);
    for (const auto& b : bindings) bound = bound || b.field_path == name;
    if (bound) {
      return absl::InvalidArgumentError(absl::StrCat("query parameter \"", TruncateForClient(name),
                                                     "\" is not accepted by this route"));
    }
    absl::Status st = SetFieldFromText(message.get(), name, value);
    if (absl::IsNotFound(st)) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown query parameter \"", TruncateForClient(name), "\""));
    }
    if (!st.ok())
      return absl::InvalidArgumentError(absl::StrCat("invalid query parameter: ", st.message()));
  }
  for (const auto& binding : bindings) {
    absl::Status st = SetFieldFromText(message.get(), binding.field_path, binding.value);
    if (!st.ok()) return absl::InvalidArgumentError(absl::StrCat("invalid path: ", st.message()));
  }
  return message;
}

absl::Status SetRawBody(const Route& route, Message* message, std::string body) {
  const FieldDescriptor* field = message->GetDescriptor()->FindFieldByName(route.body);
  if (field == nullptr || field->cpp_type() != FieldDescriptor::CPPTYPE_STRING ||
      field->is_repeated()) {
    return absl::InternalError(absl::StrCat("raw body field \"", route.body, "\" is not bytes"));
  }
  message->GetReflection()->SetString(message, field, std::move(body));
  return absl::OkStatus();
}

RawBodyStream::RawBodyStream(const Route& route, std::unique_ptr<Message> first, std::string body,
                             size_t chunk_bytes)
    : field_(first->GetDescriptor()->FindFieldByName(route.body)),
      first_(std::move(first)),
      body_(std::move(body)),
      chunk_bytes_(chunk_bytes == 0 ? 1 : chunk_bytes) {}

std::optional<std::string> RawBodyStream::Next() {
  if (started_ && offset_ >= body_.size()) return std::nullopt;
  const std::string chunk = body_.substr(offset_, chunk_bytes_);
  offset_ += chunk.size();
  if (!started_) {
    started_ = true;
    first_->GetReflection()->SetString(first_.get(), field_, chunk);
    return first_->SerializeAsString();
  }
  std::unique_ptr<Message> next(first_->New());
  next->GetReflection()->SetString(next.get(), field_, chunk);
  return next->SerializeAsString();
}

}  // namespace champion::gateway
