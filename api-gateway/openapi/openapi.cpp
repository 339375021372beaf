#include "openapi/openapi.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "champion/v1/options.pb.h"
#include "common/auth/scopes.h"
#include "common/descriptor_set.h"
#include "transcode/served_contract.h"

namespace champion::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::json;

constexpr char kSchemas[] = "#/components/schemas/";

std::string SchemaRef(const std::string& name) { return kSchemas + name; }

// `schema` with the proto comment of `full_name` (or, literal, `full_name` itself) as its
// description; unchanged without one. OpenAPI 3.1 allows a description next to a $ref.
json Described(json schema, const std::string& full_name, bool literal = false) {
  const std::string text = literal ? full_name : ProtoComment(full_name);
  if (!text.empty()) schema["description"] = text;
  return schema;
}

// Collects the component schemas of every message reachable from the routes.
class SchemaBuilder {
 public:
  json& schemas() { return schemas_; }

  // The schema of a whole message: a $ref to its component (well-known types inline).
  json Message(const Descriptor* message) {
    if (auto wkt = WellKnown(message)) return *wkt;
    const std::string name = message->full_name();
    if (!seen_.insert(name).second) return {{"$ref", SchemaRef(name)}};
    json properties = json::object();
    for (int i = 0; i < message->field_count(); ++i) {
      const FieldDescriptor* field = message->field(i);
      properties[field->name()] = Described(Field(field), field->full_name());
    }
    json schema = Described({{"type", "object"}, {"properties", properties}}, name);
    schemas_[name] = std::move(schema);
    return {{"$ref", SchemaRef(name)}};
  }

  // A field's value: arrays and maps as JSON arrays and objects.
  json Field(const FieldDescriptor* field) {
    if (field->is_map()) {
      return {{"type", "object"},
              {"additionalProperties", Single(field->message_type()->map_value())}};
    }
    json single = Single(field);
    if (field->is_repeated()) return {{"type", "array"}, {"items", std::move(single)}};
    // The gateway prints an absent message, optional or oneof field as null.
    const bool nullable = field->type() == FieldDescriptor::TYPE_MESSAGE || field->has_presence() ||
                          field->containing_oneof() != nullptr;
    if (!nullable) return single;
    return Nullable(std::move(single));
  }

  static json Nullable(json schema) {
    if (schema.contains("$ref") || !schema.contains("type")) {
      if (schema.empty()) return schema;  // any value, null included
      return {{"anyOf", json::array({std::move(schema), {{"type", "null"}}})}};
    }
    json& type = schema["type"];
    if (type.is_string()) type = json::array({type});
    if (std::find(type.begin(), type.end(), "null") == type.end()) type.push_back("null");
    return schema;
  }

  // A path or query parameter's value: never null (an absent parameter is unset).
  json Parameter(const FieldDescriptor* field) {
    json single = Single(field);
    if (field->is_repeated()) return {{"type", "array"}, {"items", std::move(single)}};
    return single;
  }

  json Enum(const EnumDescriptor* e) {
    const std::string name = e->full_name();
    if (seen_.insert(name).second) {
      json names = json::array();
      // Each value's comment, as a list under the enum's own.
      std::string description = ProtoComment(name);
      for (int i = 0; i < e->value_count(); ++i) {
        names.push_back(e->value(i)->name());
        const std::string value = ProtoComment(e->value(i)->full_name());
        if (!value.empty()) {
          absl::StrAppend(&description, description.empty() ? "" : "\n\n", "- `",
                          e->value(i)->name(), "`: ", absl::StrReplaceAll(value, {{"\n", " "}}));
        }
      }
      schemas_[name] = Described({{"type", "string"}, {"enum", std::move(names)}}, description,
                                 /*literal=*/true);
    }
    return {{"$ref", SchemaRef(name)}};
  }

  // One value of `field` (ignoring repetition).
  json Single(const FieldDescriptor* field) {
    switch (field->type()) {
      case FieldDescriptor::TYPE_DOUBLE:
      case FieldDescriptor::TYPE_FLOAT:
        // The gateway prints non-finite values as null.
        return {{"type", {"number", "null"}}};
      case FieldDescriptor::TYPE_INT32:
      case FieldDescriptor::TYPE_SINT32:
      case FieldDescriptor::TYPE_SFIXED32:
        return {{"type", "integer"}, {"format", "int32"}};
      case FieldDescriptor::TYPE_UINT32:
      case FieldDescriptor::TYPE_FIXED32:
        return {{"type", "integer"}, {"format", "int32"}, {"minimum", 0}};
      case FieldDescriptor::TYPE_INT64:
      case FieldDescriptor::TYPE_SINT64:
      case FieldDescriptor::TYPE_SFIXED64:
      case FieldDescriptor::TYPE_UINT64:
      case FieldDescriptor::TYPE_FIXED64:
        // Proto JSON: 64-bit integers are decimal strings (numbers are accepted on input).
        return {{"type", "string"}, {"format", "int64"}, {"pattern", "^-?[0-9]+$"}};
      case FieldDescriptor::TYPE_BOOL:
        return {{"type", "boolean"}};
      case FieldDescriptor::TYPE_STRING:
        return {{"type", "string"}};
      case FieldDescriptor::TYPE_BYTES:
        return {{"type", "string"}, {"contentEncoding", "base64"}};
      case FieldDescriptor::TYPE_ENUM:
        return Enum(field->enum_type());
      case FieldDescriptor::TYPE_MESSAGE:
      case FieldDescriptor::TYPE_GROUP:
        return Message(field->message_type());
    }
    return json::object();
  }

 private:
  static std::optional<json> WellKnown(const Descriptor* message) {
    const std::string& name = message->full_name();
    if (name == "google.protobuf.Timestamp")
      return json{{"type", "string"}, {"format", "date-time"}};
    if (name == "google.protobuf.Duration") {
      return json{{"type", "string"}, {"pattern", "^-?[0-9]+(\\.[0-9]+)?s$"}};
    }
    if (name == "google.protobuf.Struct") return json{{"type", "object"}};
    if (name == "google.protobuf.Value") return json::object();  // any JSON value
    if (name == "google.protobuf.ListValue") return json{{"type", "array"}};
    if (name == "google.protobuf.Empty") return json{{"type", "object"}};
    if (name == "google.protobuf.FieldMask") return json{{"type", "string"}};
    static const std::map<std::string, json, std::less<>> wrappers = {
        {"google.protobuf.DoubleValue", {"number", "string"}},
        {"google.protobuf.FloatValue", {"number", "string"}},
        {"google.protobuf.Int64Value", {"string"}},
        {"google.protobuf.UInt64Value", {"string"}},
        {"google.protobuf.Int32Value", {"integer"}},
        {"google.protobuf.UInt32Value", {"integer"}},
        {"google.protobuf.BoolValue", {"boolean"}},
        {"google.protobuf.StringValue", {"string"}},
        {"google.protobuf.BytesValue", {"string"}},
    };
    if (auto it = wrappers.find(name); it != wrappers.end()) {
      json types = it->second;
      types.push_back("null");
      return json{{"type", std::move(types)}};
    }
    return std::nullopt;
  }

  json schemas_ = json::object();
  std::set<std::string> seen_;
};

// "/stores/{store_id}/products", "/v1/{name=runs/*}:cancel" -> "/v1/{name}:cancel".
std::string OpenApiPath(const PathTemplate& path) {
  static const std::regex variable(R"(\{([A-Za-z0-9_.]+)=[^}]*\})");
  return std::regex_replace(path.text(), variable, "{$1}");
}

const FieldDescriptor* FieldAt(const Descriptor* message, std::string_view dotted) {
  const FieldDescriptor* field = nullptr;
  for (absl::string_view part :
       absl::StrSplit(absl::string_view(dotted.data(), dotted.size()), '.')) {
    if (message == nullptr) return nullptr;
    field = message->FindFieldByName(std::string(part));
    if (field == nullptr) return nullptr;
    message = field->type() == FieldDescriptor::TYPE_MESSAGE ? field->message_type() : nullptr;
  }
  return field;
}

// A scalar, an enum, or a repeated one of those: what a query parameter can set.
bool QueryBindable(const FieldDescriptor* field) {
  return !field->is_map() && field->type() != FieldDescriptor::TYPE_MESSAGE &&
         field->type() != FieldDescriptor::TYPE_GROUP;
}

json ProblemRef(const std::string& name) { return {{"$ref", "#/components/responses/" + name}}; }

// The problems every operation may answer, as problem/problem_json.h maps them.
struct ProblemResponse {
  const char* status;
  const char* name;
  const char* description;
};
constexpr ProblemResponse kProblems[] = {
    {"400", "BadRequest", "The request is malformed (bad JSON, unknown field, bad value)."},
    {"401", "Unauthorized", "No valid bearer token."},
    {"403", "Forbidden", "The token lacks the operation's scope, or a foreign Origin."},
    {"404", "NotFound", "The resource does not exist."},
    {"409", "Conflict", "The resource's state forbids the operation (exists, precondition)."},
    {"422", "ValidationFailed", "Field validation failed; `errors` lists the fields."},
    {"414", "UriTooLong", "The path or the query string exceeds its length limit."},
    {"429", "TooManyRequests", "The worker is busy; retry after the Retry-After delay."},
    {"500", "InternalError", "An internal error (details are logged, not sent)."},
    {"503", "Unavailable", "The selector-worker is unavailable; try again later."},
    {"504", "GatewayTimeout", "The worker did not answer within the request timeout."},
};
constexpr ProblemResponse kBodyProblems[] = {
    {"413", "PayloadTooLarge", "The body (or a value in it) exceeds a size limit."},
    {"415", "UnsupportedMediaType", "The Content-Type is not accepted for this body."},
};

json ProblemSchema() {
  json error = {{"type", "object"},
                {"required", {"field", "message"}},
                {"properties",
                 {{"field", {{"type", "string"}, {"description", "The request field."}}},
                  {"message", {{"type", "string"}}}}}};
  json properties = {
      {"type",
       {{"type", "string"},
        {"description", "A URI reference naming the kind of problem, e.g. /errors/not-found."}}},
      {"title", {{"type", "string"}, {"description", "The HTTP reason phrase."}}},
      {"status", {{"type", "integer"}, {"minimum", 400}, {"maximum", 599}}},
      {"detail", {{"type", "string"}, {"description", "What went wrong in this occurrence."}}},
      {"instance", {{"type", "string"}, {"description", "The request path."}}},
      {"code",
       {{"type", "string"},
        {"pattern", "^[A-Z][A-Z_]*$"},
        {"description", "NOT_FOUND, INVALID_ARGUMENT, METHOD_NOT_ALLOWED, ..."}}},
      {"request_id", {{"type", "string"}, {"description", "The X-Request-Id of the exchange."}}},
      {"errors", {{"type", "array"}, {"items", std::move(error)}}},
  };
  return {{"type", "object"},
          {"description", "An RFC 9457 problem."},
          {"required",
           {"type", "title", "status", "detail", "instance", "code", "request_id", "errors"}},
          {"properties", std::move(properties)},
          {"example",
           {{"type", "/errors/not-found"},
            {"title", "Not Found"},
            {"status", 404},
            {"detail", "selection run 7 not found"},
            {"instance", "/model-selection/runs/7"},
            {"code", "NOT_FOUND"},
            {"request_id", "0f1e2d3c4b5a6978"},
            {"errors", json::array()}}}};
}

json ProblemResponses() {
  json out = json::object();
  auto add = [&](const ProblemResponse& p) {
    out[p.name] = {
        {"description", p.description},
        {"content",
         {{"application/problem+json", {{"schema", {{"$ref", SchemaRef("Problem")}}}}}}}};
  };
  for (const auto& p : kProblems) add(p);
  for (const auto& p : kBodyProblems) add(p);
  out["Error"] = {
      {"description", "Any other problem (405, 501, ...)."},
      {"content", {{"application/problem+json", {{"schema", {{"$ref", SchemaRef("Problem")}}}}}}}};
  return out;
}

std::string ServiceTag(const Route& route) { return route.method->service()->name(); }

json Operation(const Route& route, const std::string& operation_id, SchemaBuilder* schemas) {
  const Descriptor* input = route.method->input_type();
  const Descriptor* output = route.method->output_type();
  json op = {{"operationId", operation_id},
             {"summary", absl::StrCat(route.method->name(), " (", route.method->full_name(), ")")},
             {"tags", {ServiceTag(route)}}};
  const std::string& scope = route.method->options().GetExtension(champion::v1::required_scope);
  std::string description = ProtoComment(route.method->full_name());
  if (!scope.empty()) {
    op["x-required-scope"] = scope;
    absl::StrAppend(&description, description.empty() ? "" : "\n\n",
                    "Requires a bearer token with the `", scope, "` scope.");
  }
  if (!description.empty()) op["description"] = description;
  // Path variables, then the query parameters: every top-level field bound neither by the
  // path nor by the body ("*" binds them all).
  json parameters = json::array();
  std::set<std::string> bound_top;
  for (const auto& variable : route.path.VariableFieldPaths()) {
    bound_top.insert(std::string(variable.substr(0, variable.find('.'))));
    const FieldDescriptor* field = FieldAt(input, variable);
    parameters.push_back(
        {{"name", variable},
         {"in", "path"},
         {"required", true},
         {"schema", field != nullptr ? schemas->Parameter(field) : json::object()}});
  }
  if (route.body != "*") {
    for (int i = 0; i < input->field_count(); ++i) {
      const FieldDescriptor* field = input->field(i);
      if (field->name() == route.body || bound_top.count(field->name()) > 0) continue;
      if (!QueryBindable(field)) continue;
      json parameter = Described(
          {{"name", field->name()}, {"in", "query"}, {"schema", schemas->Parameter(field)}},
          field->full_name());
      if (field->is_repeated()) {
        parameter["explode"] = true;
        parameter["style"] = "form";
      }
      parameters.push_back(std::move(parameter));
    }
  }
  if (!parameters.empty()) op["parameters"] = std::move(parameters);

  json responses = json::object();
  if (!route.body.empty()) {
    json content = json::object();
    if (route.extras.raw_body()) {
      for (const auto& type : route.extras.raw_body_content_types()) {
        content[type] = {{"schema", {{"type", "string"}}}};
      }
    } else {
      json body_schema = route.body == "*" ? schemas->Message(input)
                                           : schemas->Field(input->FindFieldByName(route.body));
      content["application/json"] = {{"schema", std::move(body_schema)}};
    }
    op["requestBody"] = {{"required", true}, {"content", std::move(content)}};
    for (const auto& p : kBodyProblems) responses[p.status] = ProblemRef(p.name);
  }
  const int success = route.extras.success_status() != 0 ? route.extras.success_status() : 200;
  json ok = {{"description", "Success."}};
  if (route.extras.server_sent_events()) {
    ok["description"] = absl::StrCat(
        "A server-sent event stream: each `data:` line is one ", output->full_name(),
        " as JSON (schema in the x-event-schema extension), the last one as event `done`.");
    ok["content"] = {
        {"text/event-stream",
         {{"schema", {{"type", "string"}}}, {"x-event-schema", schemas->Message(output)}}}};
  } else {
    json schema = route.response_body.empty()
                      ? schemas->Message(output)
                      : schemas->Field(output->FindFieldByName(route.response_body));
    ok["content"] = {{"application/json", {{"schema", std::move(schema)}}}};
  }
  json headers = {{"X-Request-Id",
                   {{"description", "The request's id, also in problem bodies and logs."},
                    {"schema", {{"type", "string"}}}}}};
  if (!route.extras.location_template().empty()) {
    headers["Location"] = {{"description", "The created resource."},
                           {"schema", {{"type", "string"}}}};
  }
  if (route.extras.retry_after_seconds() > 0) {
    headers["Retry-After"] = {{"description", "Seconds before polling again."},
                              {"schema", {{"type", "integer"}}}};
  }
  ok["headers"] = std::move(headers);
  responses[std::to_string(success)] = std::move(ok);
  for (const auto& p : kProblems) responses[p.status] = ProblemRef(p.name);
  responses["default"] = ProblemRef("Error");
  op["responses"] = std::move(responses);
  return op;
}

// The gateway's own endpoints (http/request_handler.cpp), outside the route table. `scope`:
// "" needs no token, "*" any valid token, else that scope.
struct GatewayEndpoint {
  const char* path;
  const char* operation_id;
  const char* scope;
  const char* description;
  const char* content_type;
  const char* schema;  // a component schema, or nullptr for text
  std::vector<const char*> problems;
};

json GatewaySchemas() {
  json status = {{"type", "object"},
                 {"required", {"status"}},
                 {"properties", {{"status", {{"type", "string"}, {"enum", {"ok", "ready"}}}}}}};
  json who = {
      {"type", "object"},
      {"required", {"identity", "scopes", "auth_enabled"}},
      {"properties",
       {{"identity",
         {{"type", "string"},
          {"description", "token:<name>, jwt:<issuer>/<subject>, or anonymous without auth."}}},
        {"scopes",
         {{"type", "array"},
          {"items", {{"type", "string"}, {"enum", auth::ScopeSet::All().Names()}}}}},
        {"auth_enabled", {{"type", "boolean"}}},
        {"expires_at",
         {{"type", "string"},
          {"format", "date-time"},
          {"description", "When the JWT expires; absent for opaque tokens."}}}}}};
  return {{"gateway.Status", std::move(status)}, {"gateway.WhoAmI", std::move(who)}};
}

json GatewayOperation(const GatewayEndpoint& endpoint) {
  json op = {{"operationId", endpoint.operation_id},
             {"summary", endpoint.operation_id},
             {"tags", {"Gateway"}},
             {"description", endpoint.description}};
  const std::string_view scope = endpoint.scope;
  if (scope.empty()) {
    op["security"] = json::array();
  } else if (scope != "*") {
    op["x-required-scope"] = scope;
    op["description"] = absl::StrCat(endpoint.description, "\n\nRequires a bearer token with the `",
                                     endpoint.scope, "` scope.");
  }
  json ok = {{"description", "Success."}};
  ok["content"][endpoint.content_type]["schema"] = endpoint.schema != nullptr
                                                       ? json{{"$ref", SchemaRef(endpoint.schema)}}
                                                       : json{{"type", "string"}};
  json responses = {{"200", std::move(ok)}};
  for (const char* status : endpoint.problems) {
    for (const auto& p : kProblems) {
      if (std::string_view(p.status) == status) responses[status] = ProblemRef(p.name);
    }
  }
  responses["default"] = ProblemRef("Error");
  op["responses"] = std::move(responses);
  return op;
}

void AddGatewayEndpoints(json* paths, json* tags) {
  static const GatewayEndpoint kEndpoints[] = {
      {"/healthz",
       "Healthz",
       "",
       "Liveness: the gateway process answers. Never needs a token.",
       "application/json",
       "gateway.Status",
       {"414"}},
      {"/readyz",
       "Readyz",
       "",
       "Readiness: the selector-worker answers its gRPC health check within the readiness "
       "timeout. 503 (why only in the gateway's log) otherwise. Never needs a token.",
       "application/json",
       "gateway.Status",
       {"414", "503"}},
      {"/whoami",
       "WhoAmI",
       "*",
       "The caller's identity and scopes as the gateway sees them (any valid token).",
       "application/json",
       "gateway.WhoAmI",
       {"401", "414"}},
      {"/metrics",
       "Metrics",
       "metrics:read",
       "The gateway's Prometheus metrics in the text exposition format (0.0.4).",
       "text/plain",
       nullptr,
       {"401", "403", "414"}},
      {"/openapi.json",
       "OpenApi",
       "",
       "This document. Never needs a token.",
       "application/json",
       nullptr,
       {"414"}},
  };
  for (const auto& endpoint : kEndpoints) {
    json op = GatewayOperation(endpoint);
    if (std::string_view(endpoint.path) == "/openapi.json") {
      op["responses"]["200"]["content"]["application/json"]["schema"] = {{"type", "object"}};
    }
    (*paths)[endpoint.path]["get"] = std::move(op);
  }
  tags->push_back({{"name", "Gateway"},
                   {"description", "The gateway's own endpoints: probes, identity, metrics."}});
}

std::string LowerMethod(std::string method) {
  for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return method;
}

}  // namespace

json OpenApiDocument(const RouteTable& routes) {
  SchemaBuilder schemas;
  json paths = json::object();
  json tags = json::array();
  std::set<std::string> tag_names;
  std::map<std::string, int> operation_ids;
  for (const Route& route : routes.routes()) {
    // additional_bindings share a method: later bindings get a numeric suffix.
    const int n = operation_ids[route.method->name()]++;
    const std::string id =
        n == 0 ? route.method->name() : absl::StrCat(route.method->name(), "_", n + 1);
    if (tag_names.insert(ServiceTag(route)).second) {
      tags.push_back({{"name", ServiceTag(route)},
                      {"description",
                       absl::StrCat("gRPC service `", route.method->service()->full_name(), "`. ",
                                    ProtoComment(route.method->service()->full_name()))}});
    }
    paths[OpenApiPath(route.path)][LowerMethod(route.http_method)] = Operation(route, id, &schemas);
  }
  json components = {{"schemas", std::move(schemas.schemas())},
                     {"responses", ProblemResponses()},
                     {"securitySchemes",
                      {{"bearer",
                        {{"type", "http"},
                         {"scheme", "bearer"},
                         {"description",
                          "An opaque token (--tokens_file) or a JWT (--jwt_keys_file) whose "
                          "scopes cover the operation's x-required-scope."}}}}}};
  components["schemas"]["Problem"] = ProblemSchema();
  components["schemas"].update(GatewaySchemas());
  AddGatewayEndpoints(&paths, &tags);
  return {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "Champion API"},
        {"version", "v1"},
        {"description",
         "The REST face of the champion.v1 gRPC services, as transcoded by the api-gateway. "
         "Generated from the proto descriptors and their google.api.http annotations. JSON "
         "uses proto field names; 64-bit integers are strings; enums are value names. Errors "
         "are application/problem+json (RFC 9457)."}}},
      {"servers", {{{"url", "/"}, {"description", "This gateway"}}}},
      {"security", {{{"bearer", json::array()}}}},
      {"tags", std::move(tags)},
      {"paths", std::move(paths)},
      {"components", std::move(components)},
  };
}

std::string ServedOpenApiJson() {
  auto routes = CreateServedRouteTable();
  if (!routes.ok()) throw std::runtime_error(std::string(routes.status().message()));
  return OpenApiDocument(**routes).dump(2) + "\n";
}

}  // namespace champion::gateway
