#include "openapi/openapi.h"

#include <catch2/catch.hpp>

#include "transcode/served_contract.h"

namespace champion::gateway {
namespace {

using nlohmann::json;

const json& Doc() {
  static const json doc = json::parse(ServedOpenApiJson());
  return doc;
}

const json& Param(const json& operation, std::string_view name) {
  for (const auto& p : operation.at("parameters")) {
    if (p.at("name") == name) return p;
  }
  FAIL("no parameter " << name);
  static const json none;
  return none;
}

TEST_CASE("OpenAPI descriptions are the proto comments", "[unit][openapi]") {
  const json& list_runs = Doc().at("paths").at("/model-selection/runs").at("get");
  const std::string description = list_runs.at("description");
  CHECK(description.rfind("Run history", 0) == 0);
  CHECK(description.find("Requires a bearer token with the `runs:read` scope.") !=
        std::string::npos);
  const json& state = Doc().at("components").at("schemas").at("champion.v1.RunState");
  CHECK(state.at("description")
            .get<std::string>()
            .find("- `RUN_STATE_PENDING`: Accepted, no candidate started yet.") !=
        std::string::npos);
  bool documented_parameter = false;
  for (const json& parameter : list_runs.at("parameters")) {
    if (parameter.at("name") == "created_from") {
      documented_parameter =
          parameter.at("description").get<std::string>().find("YYYY-MM-DD") != std::string::npos;
    }
  }
  CHECK(documented_parameter);
}

}  // namespace

TEST_CASE("OpenAPI document has every route of the route table", "[unit][openapi]") {
  auto routes = CreateServedRouteTable();
  REQUIRE(routes.ok());
  const json& doc = Doc();
  CHECK(doc.at("openapi") == "3.1.0");
  size_t operations = 0;
  for (const auto& [path, item] : doc.at("paths").items()) {
    for (const auto& [method, operation] : item.items()) {
      if (operation.at("tags").at(0) != "Gateway") ++operations;
    }
  }
  CHECK(operations == (*routes)->routes().size());
  CHECK(doc.at("paths").contains("/model-selection/{selection_id}"));
  CHECK(doc.at("paths").at("/model-selection/{selection_id}").contains("get"));
  CHECK(doc.at("paths").at("/model-selection/{selection_id}").contains("delete"));
  CHECK(doc.at("paths").contains("/sales:import"));
  CHECK(doc.at("/paths/~1stores/get/operationId"_json_pointer) == "ListStores");
}

TEST_CASE("OpenAPI parameters follow the http rule's path and body binding", "[unit][openapi]") {
  const json& get_run = Doc().at("paths").at("/model-selection/{selection_id}").at("get");
  const json& id = Param(get_run, "selection_id");
  CHECK(id.at("in") == "path");
  CHECK(id.at("required") == true);
  CHECK(get_run.at("parameters").size() == 1);  // nothing left for the query

  const json& list_runs = Doc().at("paths").at("/model-selection/runs").at("get");
  CHECK(Param(list_runs, "page_size").at("in") == "query");
  CHECK(Param(list_runs, "page_size").at("schema").at("type") == "integer");
  CHECK(Param(list_runs, "store_id").at("schema").at("type") == "string");  // int64
  CHECK(Param(list_runs, "status").at("schema").at("$ref") ==
        "#/components/schemas/champion.v1.RunState");
  CHECK_FALSE(list_runs.contains("requestBody"));

  // body "*": everything is in the body, no query parameters.
  const json& submit = Doc().at("paths").at("/model-selection/runs").at("post");
  CHECK_FALSE(submit.contains("parameters"));
  CHECK(submit.at("/requestBody/content/application~1json/schema/$ref"_json_pointer) ==
        "#/components/schemas/champion.v1.RunSelectionRequest");
  CHECK(submit.at("responses").contains("202"));
  CHECK(submit.at("responses").at("202").at("headers").contains("Location"));

  // A raw body field: its content types, and not a query parameter.
  const json& import = Doc().at("paths").at("/sales:import").at("post");
  CHECK(import.at("requestBody").at("content").contains("text/csv"));
  for (const auto& p : import.value("parameters", json::array()))
    CHECK(p.at("name") != "csv_chunk");
}

TEST_CASE("OpenAPI schemas follow the proto JSON mapping", "[unit][openapi]") {
  const json& schemas = Doc().at("components").at("schemas");
  const json& state = schemas.at("champion.v1.RunState");
  CHECK(state.at("type") == "string");
  CHECK(state.at("enum").front() == "RUN_STATE_UNSPECIFIED");
  CHECK(std::find(state.at("enum").begin(), state.at("enum").end(), "RUN_STATE_COMPLETED") !=
        state.at("enum").end());
  const json& run = schemas.at("champion.v1.Run").at("properties");
  CHECK(run.at("started_at") == json{{"type", {"string", "null"}}, {"format", "date-time"}});
  CHECK(schemas.at("/champion.v1.Product/properties/launch_date/type"_json_pointer) ==
        json{"string", "null"});
  CHECK(run.at("selection_id").at("type") == "string");
  const json& runs = schemas.at("champion.v1.ListRunsResponse").at("properties").at("runs");
  CHECK(runs.at("type") == "array");
  CHECK(runs.at("items").at("$ref") == "#/components/schemas/champion.v1.RunSummary");
}

TEST_CASE("OpenAPI operations answer problem+json errors and SSE streams", "[unit][openapi]") {
  const json& doc = Doc();
  const json& get_run = doc.at("paths").at("/model-selection/{selection_id}").at("get");
  for (const char* status : {"400", "401", "403", "404", "409", "422", "429", "503", "default"}) {
    CHECK(get_run.at("responses").contains(status));
  }
  CHECK(get_run.at("responses").at("404").at("$ref") == "#/components/responses/NotFound");
  CHECK(
      doc.at(
          "/components/responses/NotFound/content/application~1problem+json/schema/$ref"_json_pointer) ==
      "#/components/schemas/Problem");
  const json& problem = doc.at("components").at("schemas").at("Problem");
  CHECK(problem.at("required").size() == 8);
  CHECK(get_run.at("x-required-scope") == "runs:read");
  CHECK(doc.at("components").at("securitySchemes").at("bearer").at("scheme") == "bearer");

  const json& events = doc.at("paths").at("/model-selection/{selection_id}/events").at("get");
  CHECK(events.at("responses").at("200").at("content").contains("text/event-stream"));
}

TEST_CASE("OpenAPI document is deterministic", "[unit][openapi]") {
  CHECK(ServedOpenApiJson() == ServedOpenApiJson());
  CHECK(ServedOpenApiJson() == Doc().dump(2) + "\n");
}

TEST_CASE("OpenAPI document has the gateway's own endpoints", "[unit][openapi]") {
  const json& paths = Doc().at("paths");
  for (const char* path : {"/healthz", "/readyz", "/whoami", "/metrics", "/openapi.json"}) {
    INFO(path);
    REQUIRE(paths.contains(path));
    CHECK(paths.at(path).at("get").at("tags").at(0) == "Gateway");
  }
  // Probes and the document need no token; /whoami any token; /metrics its scope.
  CHECK(paths.at("/healthz").at("get").at("security") == json::array());
  CHECK(paths.at("/readyz").at("get").at("security") == json::array());
  CHECK(paths.at("/openapi.json").at("get").at("security") == json::array());
  CHECK_FALSE(paths.at("/whoami").at("get").contains("security"));
  CHECK(paths.at("/metrics").at("get").at("x-required-scope") == "metrics:read");
  CHECK(paths.at("/readyz").at("get").at("responses").contains("503"));
  CHECK(paths.at("/metrics")
            .at("get")
            .at("responses")
            .at("200")
            .at("content")
            .contains("text/plain"));
  const json& who = Doc().at("components").at("schemas").at("gateway.WhoAmI");
  CHECK(who.at("required") == json({"identity", "scopes", "auth_enabled"}));
  CHECK(who.at("/properties/scopes/items/enum"_json_pointer).size() == 6);
}

}  // namespace champion::gateway
