#include "transcode/request_transcoder.h"

#include <catch2/catch.hpp>

#include "champion/v1/catalog.pb.h"
#include "champion/v1/selection.pb.h"
#include "transcode/field_setter.h"

namespace champion::gateway {
namespace {

using champion::v1::GetAvailabilityRequest;
using champion::v1::ImportSalesRequest;
using champion::v1::RunSelectionRequest;

const google::protobuf::MethodDescriptor* Method(const std::string& service,
                                                 const std::string& name) {
  (void)champion::v1::ImportSalesRequest::descriptor();
  (void)champion::v1::Run::descriptor();
  const auto* m = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
      "champion.v1." + service + "." + name);
  REQUIRE(m != nullptr);
  return m;
}

Route MakeRoute(const std::string& service, const std::string& name, const std::string& path,
                const std::string& body) {
  Route route;
  route.http_method = "GET";
  auto parsed = PathTemplate::Parse(path);
  REQUIRE(parsed.ok());
  route.path = *parsed;
  route.method = Method(service, name);
  route.body = body;
  return route;
}

template <typename T>
T Build(const Route& route, std::string_view query, std::string_view body = "",
        const std::vector<PathBinding>& bindings = {}) {
  auto message = BuildRequestMessage(route, bindings, query, body);
  INFO(message.status().ToString());
  REQUIRE(message.ok());
  T out;
  out.CopyFrom(**message);
  return out;
}

std::string BuildError(const Route& route, std::string_view query, std::string_view body = "") {
  auto message = BuildRequestMessage(route, {}, query, body);
  REQUIRE_FALSE(message.ok());
  CHECK(message.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(message.status().message());
}

const Route& Availability() {
  static const Route route =
      MakeRoute("ModelSelectionService", "GetAvailability", "/model-selection/availability", "");
  return route;
}

}  // namespace

TEST_CASE("Query parameters fill nested fields with conversions", "[unit][transcode]") {
  const auto request = Build<GetAvailabilityRequest>(
      Availability(),
      "store_id=3&productId=4&forecast_horizon=0&split_config.n_splits=6"
      "&splitConfig.strategy=SPLIT_STRATEGY_SLIDING&split_config.min_train_size=%33%30");
  CHECK(request.store_id() == 3);
  CHECK(request.product_id() == 4);
  CHECK(request.has_forecast_horizon());  // proto3 optional: presence kept even for 0
  CHECK(request.split_config().n_splits() == 6);
  CHECK(request.split_config().strategy() == champion::v1::SPLIT_STRATEGY_SLIDING);
  CHECK(request.split_config().min_train_size() == 30);
  CHECK(Build<GetAvailabilityRequest>(Availability(), "split_config.strategy=2")
            .split_config()
            .strategy() == champion::v1::SPLIT_STRATEGY_SLIDING);
}

TEST_CASE("Query parameter type errors are 400s naming the field", "[unit][transcode]") {
  CHECK_THAT(BuildError(Availability(), "store_id=abc"), Catch::Contains("store_id"));
  CHECK_THAT(BuildError(Availability(), "store_id=1.5"), Catch::Contains("int64"));
  CHECK_THAT(BuildError(Availability(), "forecast_horizon=99999999999"), Catch::Contains("int32"));
  CHECK(BuildError(Availability(), "split_config.strategy=SIDEWAYS") ==
        "invalid query parameter: invalid value \"SIDEWAYS\" for field \"strategy\" (expected one "
        "of: expanding, sliding)");
  CHECK_THAT(BuildError(Availability(), "bogus=1"), Catch::Contains("unknown query parameter"));
  CHECK_THAT(BuildError(Availability(), "split_config.bogus=1"), Catch::Contains("unknown"));
  CHECK_THAT(BuildError(Availability(), "split_config=1"), Catch::Contains("message"));
  CHECK_THAT(BuildError(Availability(), "store_id=%zz"), Catch::Contains("malformed"));
}

TEST_CASE("Repeated query parameters append, bools take true/false/1/0", "[unit][transcode]") {
  const Route route = MakeRoute("ModelSelectionService", "RunSync", "/x", "");
  const auto request = Build<RunSelectionRequest>(
      route,
      "feature_groups=calendar&feature_groups=price&auto_train_winner=1&auto_predict=false"
      "&ranking_metric=RANKING_METRIC_MAE");
  CHECK(request.feature_groups_size() == 2);
  CHECK(request.feature_groups(1) == "price");
  CHECK(request.auto_train_winner());
  CHECK_FALSE(request.auto_predict());
  CHECK(request.ranking_metric() == champion::v1::RANKING_METRIC_MAE);
  CHECK_THAT(BuildError(route, "auto_predict=yes"), Catch::Contains("bool"));
}

TEST_CASE("Enums take their full or short names in any case, in the query and the body",
          "[unit][transcode]") {
  const Route query = MakeRoute("ModelSelectionService", "RunSync", "/x", "");
  const Route run = MakeRoute("ModelSelectionService", "RunSync", "/x", "*");
  for (const char* name : {"RANKING_METRIC_MASE", "mase", "MASE", "Ranking_Metric_Mase", "5"}) {
    INFO(name);
    CHECK(
        Build<RunSelectionRequest>(query, std::string("ranking_metric=") + name).ranking_metric() ==
        champion::v1::RANKING_METRIC_MASE);
    const auto body = Build<RunSelectionRequest>(
        run, "",
        std::string(R"({"ranking_metric": ")") + name +
            R"(", "split_config": {"strategy": "sliding"}, "candidate_models": [{"model_type": "naive"}]})");
    CHECK(body.ranking_metric() == champion::v1::RANKING_METRIC_MASE);
    CHECK(body.split_config().strategy() == champion::v1::SPLIT_STRATEGY_SLIDING);
    CHECK(body.candidate_models(0).model_type() == "naive");
  }
  CHECK(Build<RunSelectionRequest>(run, "", R"({"rankingMetric": 2})").ranking_metric() ==
        champion::v1::RANKING_METRIC_SMAPE);
  const std::string allowed =
      "(expected one of: wape, smape, mae, bias, mase, rmse, coverage, msis)";
  CHECK(BuildError(query, "ranking_metric=accuracy") ==
        "invalid query parameter: invalid value \"accuracy\" for field \"ranking_metric\" " +
            allowed);
  CHECK(BuildError(run, "", R"({"ranking_metric": "accuracy"})") ==
        "invalid request body: invalid value \"accuracy\" for field \"ranking_metric\" " + allowed);
  CHECK(BuildError(run, "", R"({"ranking_metric": 99})") ==
        "invalid request body: invalid value \"99\" for field \"ranking_metric\" " + allowed);
  CHECK(BuildError(run, "", R"({"ranking_metric": 99999999999})") ==
        "invalid request body: invalid value \"99999999999\" for field \"ranking_metric\" " +
            allowed);
  CHECK_THAT(BuildError(run, "", R"({"split_config": {"strategy": "diagonal"}})"),
             Catch::Contains("(expected one of: expanding, sliding)"));
  // The list view's filter: status=completed.
  const Route list = MakeRoute("ModelSelectionService", "ListRuns", "/runs", "");
  CHECK(Build<champion::v1::ListRunsRequest>(list, "status=completed").status() ==
        champion::v1::RUN_STATE_COMPLETED);
}

TEST_CASE("Body errors name the field in plain words", "[unit][transcode]") {
  const Route run = MakeRoute("ModelSelectionService", "RunSync", "/x", "*");
  CHECK(BuildError(run, "", R"({"bogus": 1})") == "invalid request body: unknown field \"bogus\"");
  CHECK(BuildError(run, "", R"({"store_id": "abc"})") ==
        "invalid request body: invalid value \"abc\" for field \"store_id\" (expected an "
        "integer)");
  CHECK(BuildError(run, "", R"({"auto_predict": "maybe"})") ==
        "invalid request body: invalid value \"maybe\" for field \"auto_predict\" (expected true "
        "or false)");
}

TEST_CASE("Path variables fill their fields", "[unit][transcode]") {
  const Route route =
      MakeRoute("ModelSelectionService", "GetRun", "/model-selection/{selection_id}", "");
  const auto request =
      Build<champion::v1::GetRunRequest>(route, "", "", {{"selection_id", "abc123"}});
  CHECK(request.selection_id() == "abc123");
  auto clash = BuildRequestMessage(route, {{"selection_id", "abc"}}, "selection_id=x", "");
  REQUIRE_FALSE(clash.ok());
  CHECK_THAT(std::string(clash.status().message()), Catch::Contains("not accepted"));
}

// Found by request_transcoder_fuzz: a proto3 string must be UTF-8, or the worker cannot parse
// the request and the client gets a 500 instead of a 400.
TEST_CASE("Text that is not UTF-8 is a 400 before it reaches a string field", "[unit][transcode]") {
  const Route get_run =
      MakeRoute("ModelSelectionService", "GetRun", "/model-selection/{selection_id}", "");
  auto bad_path = BuildRequestMessage(get_run, {{"selection_id", "a\x9c\xc4"}}, "", "");
  REQUIRE_FALSE(bad_path.ok());
  CHECK(bad_path.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK_THAT(std::string(bad_path.status().message()), Catch::Contains("UTF-8"));
  const Route list_stores = MakeRoute("CatalogService", "ListStores", "/stores", "");
  for (const char* query : {"search=%FF", "search=%C0%AF", "search=%ED%A0%80", "search=%E2%82",
                            "search=%F4%90%80%80"}) {
    INFO(query);
    CHECK_THAT(BuildError(list_stores, query), Catch::Contains("UTF-8"));
  }
  CHECK(Build<champion::v1::ListStoresRequest>(list_stores, "search=caf%C3%A9+%F0%9F%98%80")
            .search() == "caf\xc3\xa9 \xf0\x9f\x98\x80");
}

TEST_CASE("Body \"*\" is the whole message in JSON", "[unit][transcode]") {
  const Route route = MakeRoute("ModelSelectionService", "SubmitRun", "/model-selection/runs", "*");
  const auto request =
      Build<RunSelectionRequest>(route, "",
                                 R"({"store_id":"5","productId":6,"forecastHorizon":14,
          "candidate_models":[{"model_type":"naive","params":{"k":1}}],
          "split_config":{"n_splits":3}})");
  CHECK(request.store_id() == 5);
  CHECK(request.product_id() == 6);
  CHECK(request.forecast_horizon() == 14);
  CHECK(request.candidate_models(0).params().fields().at("k").number_value() == 1);
  CHECK(request.split_config().n_splits() == 3);
  SECTION("errors") {
    CHECK_THAT(BuildError(route, "", R"({"bogus":1})"), Catch::Contains("bogus"));
    CHECK_THAT(BuildError(route, "", R"({"store_id":)"), Catch::Contains("not valid JSON"));
    CHECK_THAT(BuildError(route, "", R"({"store_id":"abc"})"), Catch::Contains("store_id"));
    CHECK_THAT(BuildError(route, "", R"({"forecast_horizon":"x"})"),
               Catch::Contains("forecast_horizon"));
    CHECK_THAT(BuildError(route, "", "[1]"), Catch::Contains("JSON object"));
    // protobuf 3.21 would read a lone object as a one-item list (docs/TOOLCHAIN.md fact 3).
    CHECK_THAT(BuildError(route, "", R"({"candidate_models":{"model_type":"naive"}})"),
               Catch::Contains("\"candidate_models\" must be a JSON array"));
    CHECK_THAT(BuildError(route, "", R"({"feature_groups":"calendar"})"),
               Catch::Contains("must be a JSON array"));
    CHECK_THAT(BuildError(route, "store_id=1", "{}"), Catch::Contains("not accepted"));
  }
  SECTION("an empty body is an empty message") {
    CHECK(Build<RunSelectionRequest>(route, "", "  ").store_id() == 0);
  }
}

TEST_CASE("Body naming one field fills that field, other fields from the query",
          "[unit][transcode]") {
  const Route route = MakeRoute("ModelSelectionService", "GetAvailability", "/a", "split_config");
  const auto request =
      Build<GetAvailabilityRequest>(route, "store_id=9", R"({"n_splits":4,"gap":1})");
  CHECK(request.store_id() == 9);
  CHECK(request.split_config().n_splits() == 4);
  CHECK_THAT(BuildError(route, "", R"(1}, "store_id": {"x":1)"), Catch::Contains("JSON"));
  CHECK_THAT(BuildError(route, "split_config.gap=1", "{}"), Catch::Contains("not accepted"));
  CHECK_THAT(BuildError(route, "", R"([{"n_splits":4}])"),
             Catch::Contains("\"split_config\" must be a JSON object"));
}

TEST_CASE("A route without a body rejects one", "[unit][transcode]") {
  CHECK_THAT(BuildError(Availability(), "", R"({"store_id":1})"),
             Catch::Contains("no request body"));
}

TEST_CASE("RawBodyStream splits a raw body into chunk messages", "[unit][transcode]") {
  Route route = MakeRoute("CatalogService", "ImportSales", "/sales:import", "csv_chunk");
  route.extras.set_raw_body(true);
  route.extras.add_raw_body_content_types("text/csv");
  auto first = BuildRequestMessage(route, {}, "create_missing=true", "ignored");
  REQUIRE(first.ok());
  RawBodyStream stream(route, *std::move(first), "abcdefghij", 4);
  std::vector<ImportSalesRequest> messages;
  while (auto bytes = stream.Next()) {
    messages.emplace_back();
    REQUIRE(messages.back().ParseFromString(*bytes));
  }
  REQUIRE(messages.size() == 3);
  CHECK(messages[0].create_missing());
  CHECK(messages[0].csv_chunk() == "abcd");
  CHECK_FALSE(messages[1].create_missing());
  CHECK(messages[1].csv_chunk() == "efgh");
  CHECK(messages[2].csv_chunk() == "ij");
  SECTION("an empty body is one message") {
    RawBodyStream empty(route, std::make_unique<ImportSalesRequest>(), "", 4);
    CHECK(empty.Next().has_value());
    CHECK_FALSE(empty.Next().has_value());
  }
  CHECK(IsAcceptedRawContentType(route, "Text/CSV; charset=utf-8"));
  CHECK_FALSE(IsAcceptedRawContentType(route, "application/json"));
}

TEST_CASE("Query strings and content types parse", "[unit][transcode]") {
  auto params = ParseQueryString("a=1+2&b=%41&c&&d=");
  REQUIRE(params.ok());
  REQUIRE(params->size() == 4);
  CHECK((*params)[0] == std::pair<std::string, std::string>{"a", "1 2"});
  CHECK((*params)[1].second == "A");
  CHECK((*params)[2] == std::pair<std::string, std::string>{"c", ""});
  CHECK_FALSE(IsJsonContentType(""));
  CHECK(IsJsonContentType("application/json; charset=utf-8"));
  CHECK(IsJsonContentType("application/merge-patch+json"));
  CHECK_FALSE(IsJsonContentType("text/plain"));
}

TEST_CASE("ExpandTemplate fills a Location from response fields", "[unit][transcode]") {
  champion::v1::Run run;
  run.set_selection_id("0123abcd");
  run.set_status(champion::v1::RUN_STATE_RUNNING);
  auto location = ExpandTemplate("/model-selection/{selection_id}?s={status}", run);
  REQUIRE(location.ok());
  CHECK(*location == "/model-selection/0123abcd?s=RUN_STATE_RUNNING");
  CHECK_FALSE(ExpandTemplate("/x/{nope}", run).ok());
  CHECK(*FieldToText(run, "progress.total") == "0");
}

}  // namespace champion::gateway
