// libFuzzer target: route matching on the real champion.v1 routes, and path templates.
//
// Input: "<METHOD> <path>" on the first line: a request's method and raw path (still
// percent-encoded, without the query), as RouteTable::Find gets them from the head parser.
// The rest of the input, when present, is a google.api.http path template: parsed, and
// when valid matched against the same path. Crashes, sanitizer reports and broken
// invariants (CHAMPION_FUZZ_CHECK) are findings. Seeds: corpus/path_template/.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/fuzz/fuzz_check.h"
#include "transcode/path_template.h"
#include "transcode/route_table.h"
#include "transcode/served_contract.h"

namespace {

using champion::gateway::MatchRank;
using champion::gateway::PathBinding;
using champion::gateway::PathTemplate;
using champion::gateway::RouteLookup;
using champion::gateway::RouteTable;

// The routes the gateway serves, read from the generated pool.
const RouteTable& Routes() {
  static const RouteTable* const table = [] {
    auto created = champion::gateway::CreateServedRouteTable();
    CHAMPION_FUZZ_CHECK(created.ok());
    return created->release();
  }();
  return *table;
}

// Segments of a request path after the leading '/' and without the template's verb.
size_t PathSegments(std::string_view path, const std::string& verb) {
  path.remove_prefix(1);
  if (!verb.empty()) path.remove_suffix(verb.size() + 1);
  if (path.empty()) return 0;
  return static_cast<size_t>(std::count(path.begin(), path.end(), '/')) + 1;
}

void CheckBindings(const PathTemplate& path_template, const std::vector<PathBinding>& bindings) {
  const std::vector<std::string> variables = path_template.VariableFieldPaths();
  CHAMPION_FUZZ_CHECK(bindings.size() == variables.size());
  for (size_t i = 0; i < bindings.size(); ++i) {
    CHAMPION_FUZZ_CHECK(bindings[i].field_path == variables[i]);
  }
}

void FuzzRouteTable(std::string_view method, std::string_view path) {
  const RouteTable& routes = Routes();
  const RouteLookup lookup = routes.Find(method, path);
  std::vector<PathBinding> bindings;
  MatchRank rank;
  switch (lookup.result) {
    case RouteLookup::Result::kFound:
      CHAMPION_FUZZ_CHECK(lookup.route != nullptr);
      CHAMPION_FUZZ_CHECK(lookup.route->http_method == method ||
                          (method == "HEAD" && lookup.route->http_method == "GET"));
      CHAMPION_FUZZ_CHECK(lookup.route->path.Match(path, &bindings, &rank));
      CheckBindings(lookup.route->path, lookup.bindings);
      break;
    case RouteLookup::Result::kMethodNotAllowed:
      CHAMPION_FUZZ_CHECK(lookup.route == nullptr && !lookup.allowed.empty());
      CHAMPION_FUZZ_CHECK(std::is_sorted(lookup.allowed.begin(), lookup.allowed.end()));
      CHAMPION_FUZZ_CHECK(std::adjacent_find(lookup.allowed.begin(), lookup.allowed.end()) ==
                          lookup.allowed.end());
      CHAMPION_FUZZ_CHECK(std::find(lookup.allowed.begin(), lookup.allowed.end(), method) ==
                          lookup.allowed.end());
      break;
    case RouteLookup::Result::kNotFound:
      for (const auto& route : routes.routes()) {
        CHAMPION_FUZZ_CHECK(!route.path.Match(path, &bindings, &rank));
      }
      break;
  }
}

void FuzzTemplate(std::string_view text, std::string_view path) {
  auto parsed = PathTemplate::Parse(text);
  if (!parsed.ok()) {
    CHAMPION_FUZZ_CHECK(parsed.status().code() == absl::StatusCode::kInvalidArgument);
    return;
  }
  CHAMPION_FUZZ_CHECK(parsed->text() == text);
  CHAMPION_FUZZ_CHECK(parsed->SameShape(*parsed));
  for (const auto& variable : parsed->VariableFieldPaths()) {
    CHAMPION_FUZZ_CHECK(!variable.empty());
  }
  std::vector<PathBinding> bindings;
  MatchRank rank;
  if (!parsed->Match(path, &bindings, &rank)) return;
  CheckBindings(*parsed, bindings);
  // One rank entry per path segment (2 literal, 1 "*", 0 "**"), then 1 for a verb.
  CHAMPION_FUZZ_CHECK(rank.size() == PathSegments(path, parsed->verb()) + 1);
  CHAMPION_FUZZ_CHECK(rank.back() == (parsed->verb().empty() ? 0 : 1));
  CHAMPION_FUZZ_CHECK(
      std::all_of(rank.begin(), rank.end(), [](int r) { return r >= 0 && r <= 2; }));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto [request_line, template_text] =
      champion::fuzz::SplitLine(champion::fuzz::AsText(data, size));
  const size_t space = request_line.find(' ');
  const std::string_view method = request_line.substr(0, space);
  const std::string_view path =
      space == std::string_view::npos ? std::string_view() : request_line.substr(space + 1);
  for (const bool keep_slash : {false, true}) {
    std::string decoded;
    if (champion::gateway::PercentDecode(path, keep_slash, &decoded)) {
      CHAMPION_FUZZ_CHECK(decoded.size() <= path.size());
    }
  }
  FuzzRouteTable(method, path);
  if (!template_text.empty()) FuzzTemplate(template_text, path);
  return 0;
}
