#include "transcode/route_table.h"

#include <catch2/catch.hpp>

#include "champion/v1/catalog.pb.h"
#include "champion/v1/selection.pb.h"

namespace champion::gateway {
namespace {

const RouteTable& Table() {
  (void)champion::v1::Run::descriptor();
  (void)champion::v1::ImportSalesRequest::descriptor();
  static const auto table =
      RouteTable::Create(*google::protobuf::DescriptorPool::generated_pool(),
                         {"champion.v1.ModelSelectionService", "champion.v1.CatalogService"});
  REQUIRE(table.ok());
  return **table;
}

std::string MethodOf(std::string_view http_method, std::string_view path) {
  const RouteLookup lookup = Table().Find(http_method, path);
  return lookup.result == RouteLookup::Result::kFound ? lookup.route->method->name() : "";
}

}  // namespace

TEST_CASE("RouteTable reads every annotated method with its extras", "[unit][transcode]") {
  CHECK(Table().routes().size() == 13);
  const RouteLookup submit = Table().Find("POST", "/model-selection/runs");
  REQUIRE(submit.result == RouteLookup::Result::kFound);
  CHECK(submit.route->rpc_path == "/champion.v1.ModelSelectionService/SubmitRun");
  CHECK(submit.route->body == "*");
  CHECK(submit.route->extras.success_status() == 202);
  CHECK(submit.route->extras.location_template() == "/model-selection/{selection_id}");
  CHECK(submit.route->extras.retry_after_seconds() == 2);
  const RouteLookup events = Table().Find("GET", "/model-selection/r1/events");
  REQUIRE(events.result == RouteLookup::Result::kFound);
  CHECK(events.route->extras.server_sent_events());
  CHECK(events.route->extras.sse_heartbeat_seconds() == 15);
}

TEST_CASE("RouteTable: literal segments win over variables", "[unit][transcode]") {
  CHECK(MethodOf("GET", "/model-selection/models") == "ListModels");
  CHECK(MethodOf("GET", "/model-selection/runs") == "ListRuns");
  CHECK(MethodOf("GET", "/model-selection/availability") == "GetAvailability");
  CHECK(MethodOf("GET", "/model-selection/0123abcd") == "GetRun");
  CHECK(MethodOf("DELETE", "/model-selection/0123abcd") == "CancelRun");
  CHECK(MethodOf("GET", "/model-selection/0123abcd/ranking") == "GetRanking");
  CHECK(MethodOf("POST", "/model-selection/run") == "RunSync");
  const RouteLookup get = Table().Find("GET", "/model-selection/abc");
  REQUIRE(get.bindings.size() == 1);
  CHECK(get.bindings[0].field_path == "selection_id");
  CHECK(get.bindings[0].value == "abc");
}

TEST_CASE("RouteTable: wrong method on a known path is 405 with Allow", "[unit][transcode]") {
  const RouteLookup runs = Table().Find("DELETE", "/model-selection/runs");
  CHECK(runs.result == RouteLookup::Result::kMethodNotAllowed);
  CHECK(runs.allowed == std::vector<std::string>{"GET", "HEAD", "POST"});
  const RouteLookup models = Table().Find("DELETE", "/model-selection/models");
  CHECK(models.allowed == std::vector<std::string>{"GET", "HEAD"});
  const RouteLookup run = Table().Find("PUT", "/model-selection/abc");
  CHECK(run.allowed == std::vector<std::string>{"DELETE", "GET", "HEAD"});
}

TEST_CASE("RouteTable: HEAD is served by GET routes, not by event streams", "[unit][transcode]") {
  const RouteLookup run = Table().Find("HEAD", "/model-selection/abc");
  REQUIRE(run.result == RouteLookup::Result::kFound);
  CHECK(run.route->http_method == "GET");
  CHECK(run.route->method->name() == "GetRun");
  CHECK(run.bindings[0].value == "abc");
  const RouteLookup events = Table().Find("HEAD", "/model-selection/abc/events");
  CHECK(events.result == RouteLookup::Result::kMethodNotAllowed);
  CHECK(events.allowed == std::vector<std::string>{"GET"});
  CHECK(Table().Find("HEAD", "/model-selection/run").result ==
        RouteLookup::Result::kMethodNotAllowed);  // POST only.
}

TEST_CASE("RouteTable: verbs and unknown paths", "[unit][transcode]") {
  CHECK(MethodOf("POST", "/sales:import") == "ImportSales");
  CHECK(MethodOf("GET", "/sales") == "GetSales");
  CHECK(Table().Find("GET", "/sales:import").result == RouteLookup::Result::kMethodNotAllowed);
  CHECK(Table().Find("GET", "/nothing").result == RouteLookup::Result::kNotFound);
  CHECK(Table().Find("GET", "/model-selection/a/b/c").result == RouteLookup::Result::kNotFound);
}

TEST_CASE("RouteTable rejects an unknown service", "[unit][transcode]") {
  CHECK_FALSE(
      RouteTable::Create(*google::protobuf::DescriptorPool::generated_pool(), {"no.Such"}).ok());
}

}  // namespace champion::gateway
