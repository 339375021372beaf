#include "transcode/json_printer.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "champion/v1/data.pb.h"
#include "champion/v1/selection.pb.h"

namespace champion::gateway {
namespace {

nlohmann::ordered_json Print(const google::protobuf::Message& message) {
  auto json = MessageToJsonValue(message);
  REQUIRE(json.ok());
  return *json;
}

}  // namespace

TEST_CASE("Every field is printed: zeros, empty lists, null for absent", "[unit][transcode]") {
  const auto json = Print(champion::v1::Run());
  CHECK(json["selection_id"] == "");
  CHECK(json["store_id"] == "0");  // int64 stays a string
  CHECK(json["status"] == "RUN_STATE_UNSPECIFIED");
  CHECK(json["forecast_horizon"] == 0);
  CHECK(json["ranking"] == nlohmann::ordered_json::array());
  CHECK(json["winner"].is_null());
  CHECK(json["availability"].is_null());
  CHECK(json["created_at"].is_null());
  CHECK(json["chart_data"].is_null());
  CHECK(json.size() == static_cast<size_t>(champion::v1::Run::descriptor()->field_count()));
}

TEST_CASE("Keys follow declaration order", "[unit][transcode]") {
  const auto json = Print(champion::v1::Run());
  const auto* d = champion::v1::Run::descriptor();
  int i = 0;
  for (const auto& [key, value] : json.items()) CHECK(key == d->field(i++)->name());
}

TEST_CASE("Optional fields are null when unset, values when set", "[unit][transcode]") {
  champion::v1::SalesPoint point;
  CHECK(Print(point)["unit_price"].is_null());
  point.set_unit_price(0);
  CHECK(Print(point)["unit_price"] == 0);
  champion::v1::Product product;
  CHECK(Print(product)["launch_date"].is_null());
}

TEST_CASE("Non-finite doubles print as null, also in lists and maps", "[unit][transcode]") {
  champion::v1::Run run;
  auto* winner = run.mutable_winner();
  winner->mutable_metrics()->set_wape(std::numeric_limits<double>::infinity());
  winner->mutable_metrics()->set_mae(std::nan(""));
  winner->mutable_metrics()->set_bias(-std::numeric_limits<double>::infinity());
  winner->mutable_metrics()->set_rmse(1.5);
  auto* stability = run.mutable_chart_data()->add_fold_stability();
  stability->add_wape_by_fold(0.25);
  stability->add_wape_by_fold(std::nan(""));
  auto& folds = (*run.mutable_chart_data()->mutable_actual_vs_predicted())["naive"];
  folds.add_folds()->add_predictions(std::numeric_limits<double>::infinity());
  const auto json = Print(run);
  const auto& metrics = json["winner"]["metrics"];
  CHECK(metrics["wape"].is_null());
  CHECK(metrics["mae"].is_null());
  CHECK(metrics["bias"].is_null());
  CHECK(metrics["rmse"] == 1.5);
  CHECK(metrics["sample_size"] == "0");
  CHECK(json["chart_data"]["fold_stability"][0]["wape_by_fold"] ==
        nlohmann::ordered_json::parse("[0.25, null]"));
  const auto& fold = json["chart_data"]["actual_vs_predicted"]["naive"]["folds"][0];
  CHECK(fold["predictions"][0].is_null());
  CHECK(fold["dates"] == nlohmann::ordered_json::array());
}

TEST_CASE("Well-known types keep their canonical JSON", "[unit][transcode]") {
  champion::v1::Run run;
  run.mutable_created_at()->set_seconds(1700000000);
  auto* entry = run.add_ranking();
  (*entry->mutable_params()->mutable_fields())["window"].set_number_value(7);
  (*entry->mutable_params()->mutable_fields())["name"].set_string_value("x");
  const auto json = Print(run);
  CHECK(json["created_at"] == "2023-11-14T22:13:20Z");
  CHECK(json["ranking"][0]["params"].dump() == R"({"name":"x","window":7})");
  CHECK(json["ranking"][0]["rank"].is_null());
  CHECK(json["ranking"][0]["metrics"].is_null());
  champion::v1::ParamSpec spec;
  spec.mutable_default_value()->set_null_value(google::protobuf::NULL_VALUE);
  CHECK(Print(spec)["default_value"].is_null());
  CHECK(Print(spec)["minimum"].is_null());
}

TEST_CASE("Map entries and Struct fields print in key order, at every depth", "[unit][transcode]") {
  champion::v1::Run run;
  auto* params = run.add_ranking()->mutable_params();
  // Enough keys that hash order differs from insertion and from byte order.
  const std::vector<std::string> keys = {"zeta",  "alpha", "mu",    "beta", "omega",  "kappa",
                                         "delta", "eta",   "gamma", "iota", "lambda", "nu"};
  for (const std::string& key : keys) (*params->mutable_fields())[key].set_number_value(1);
  auto* nested = (*params->mutable_fields())["nested"].mutable_struct_value();
  (*nested->mutable_fields())["z"].set_bool_value(true);
  (*nested->mutable_fields())["a"].set_bool_value(false);
  for (const char* model : {"theta", "auto_ets", "naive", "croston", "ses"}) {
    (*run.mutable_chart_data()->mutable_actual_vs_predicted())[model];
  }
  const auto json = Print(run);
  std::vector<std::string> printed_keys;
  for (const auto& [key, value] : json["ranking"][0]["params"].items()) printed_keys.push_back(key);
  std::vector<std::string> sorted = keys;
  sorted.push_back("nested");
  std::sort(sorted.begin(), sorted.end());
  CHECK(printed_keys == sorted);
  CHECK(json["ranking"][0]["params"]["nested"].dump() == R"({"a":false,"z":true})");
  std::vector<std::string> models;
  for (const auto& [key, value] : json["chart_data"]["actual_vs_predicted"].items()) {
    models.push_back(key);
  }
  CHECK(models == std::vector<std::string>{"auto_ets", "croston", "naive", "ses", "theta"});
}

TEST_CASE("PrintMessageJson prints compactly and can select a field", "[unit][transcode]") {
  champion::v1::Forecast forecast;
  forecast.add_values(1);
  auto text = PrintMessageJson(forecast);
  REQUIRE(text.ok());
  CHECK(*text == R"({"dates":[],"values":[1],"quantiles":[],"interval_method":""})");
  auto field = PrintMessageJson(forecast, "values");
  REQUIRE(field.ok());
  CHECK(*field == "[1]");
}

}  // namespace champion::gateway
