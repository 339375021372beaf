#include "transcode/route_table.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/api/annotations.pb.h"
#include "google/api/http.pb.h"

namespace champion::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;

// Resolves a dotted field path through singular message fields; null when absent.
const FieldDescriptor* ResolveField(const Descriptor* message, std::string_view path) {
  const FieldDescriptor* field = nullptr;
  for (absl::string_view part : absl::StrSplit(absl::string_view(path.data(), path.size()), '.')) {
    if (message == nullptr) return nullptr;
    field = message->FindFieldByName(std::string(part));
    if (field == nullptr) return nullptr;
    message = field->type() == FieldDescriptor::TYPE_MESSAGE && !field->is_repeated()
                  ? field->message_type()
                  : nullptr;
  }
  return field;
}

absl::Status AddRule(const MethodDescriptor* method, const google::api::HttpRule& rule,
                     const champion::v1::HttpExtras& extras, std::vector<Route>* routes) {
  using Rule = google::api::HttpRule;
  Route route;
  std::string path;
  switch (rule.pattern_case()) {
    case Rule::kGet:
      route.http_method = "GET";
      path = rule.get();
      break;
    case Rule::kPut:
      route.http_method = "PUT";
      path = rule.put();
      break;
    case Rule::kPost:
      route.http_method = "POST";
      path = rule.post();
      break;
    case Rule::kDelete:
      route.http_method = "DELETE";
      path = rule.delete_();
      break;
    case Rule::kPatch:
      route.http_method = "PATCH";
      path = rule.patch();
      break;
    case Rule::kCustom:
      route.http_method = rule.custom().kind();
      path = rule.custom().path();
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(method->full_name(), ": http rule has no pattern"));
  }
  auto parsed = PathTemplate::Parse(path);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(method->full_name(), ": ", parsed.status().message()));
  }
  route.path = *std::move(parsed);
  route.method = method;
  route.rpc_path = absl::StrCat("/", method->service()->full_name(), "/", method->name());
  route.body = rule.body();
  route.response_body = rule.response_body();
  route.extras = extras;
  const Descriptor* input = method->input_type();
  for (const auto& variable : route.path.VariableFieldPaths()) {
    const FieldDescriptor* f = ResolveField(input, variable);
    if (f == nullptr || f->is_repeated() || f->type() == FieldDescriptor::TYPE_MESSAGE) {
      return absl::InvalidArgumentError(absl::StrCat(method->full_name(), ": path variable \"",
                                                     variable, "\" is not a scalar field"));
    }
  }
  if (!route.body.empty() && route.body != "*" && input->FindFieldByName(route.body) == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(method->full_name(), ": body field \"", route.body, "\" does not exist"));
  }
  if (!route.response_body.empty() &&
      method->output_type()->FindFieldByName(route.response_body) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(method->full_name(), ": response_body \"",
                                                   route.response_body, "\" does not exist"));
  }
  for (const Route& other : *routes) {
    if (other.http_method == route.http_method && other.path.SameShape(route.path)) {
      return absl::InvalidArgumentError(
          absl::StrCat(route.http_method, " ", path, " is bound by both ",
                       other.method->full_name(), " and ", method->full_name()));
    }
  }
  routes->push_back(std::move(route));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<RouteTable>> RouteTable::Create(
    const google::protobuf::DescriptorPool& pool, const std::vector<std::string>& service_names) {
  auto table = std::unique_ptr<RouteTable>(new RouteTable());
  for (const auto& name : service_names) {
    const auto* service = pool.FindServiceByName(name);
    if (service == nullptr) return absl::NotFoundError(absl::StrCat("unknown service ", name));
    for (int i = 0; i < service->method_count(); ++i) {
      const MethodDescriptor* method = service->method(i);
      if (!method->options().HasExtension(google::api::http)) continue;
      const auto& rule = method->options().GetExtension(google::api::http);
      const auto& extras = method->options().GetExtension(champion::v1::http_extras);
      if (auto st = AddRule(method, rule, extras, &table->routes_); !st.ok()) return st;
      for (const auto& extra_rule : rule.additional_bindings()) {
        if (auto st = AddRule(method, extra_rule, extras, &table->routes_); !st.ok()) return st;
      }
    }
  }
  return table;
}

RouteLookup RouteTable::Find(std::string_view method, std::string_view path) const {
  RouteLookup out;
  MatchRank best_rank;
  const Route* best_template = nullptr;
  std::vector<PathBinding> bindings;
  MatchRank rank;
  // Pass 1: the most specific template matching the path, whatever the method.
  for (const Route& route : routes_) {
    if (!route.path.Match(path, &bindings, &rank)) continue;
    if (best_template == nullptr || rank > best_rank) {
      best_template = &route;
      best_rank = rank;
    }
  }
  if (best_template == nullptr) return out;
  // Pass 2: among the routes of that shape, the one for this method. HEAD is served by a GET
  // route (the server then writes the head only), except an event stream's.
  for (const Route& route : routes_) {
    if (!route.path.SameShape(best_template->path)) continue;
    const bool head_of_get = route.http_method == "GET" && !route.extras.server_sent_events();
    if (route.http_method == method || (method == "HEAD" && head_of_get)) {
      out.result = RouteLookup::Result::kFound;
      out.route = &route;
      route.path.Match(path, &out.bindings, &rank);
      return out;
    }
    out.allowed.push_back(route.http_method);
    if (head_of_get) out.allowed.push_back("HEAD");
  }
  std::sort(out.allowed.begin(), out.allowed.end());
  out.allowed.erase(std::unique(out.allowed.begin(), out.allowed.end()), out.allowed.end());
  out.result = RouteLookup::Result::kMethodNotAllowed;
  return out;
}

}  // namespace champion::gateway
