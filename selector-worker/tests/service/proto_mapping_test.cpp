#include "service/proto_mapping.h"

#include <catch2/catch.hpp>

namespace champion::service {
namespace {

TEST_CASE("ParseDate accepts only real ISO calendar dates", "[service]") {
  CHECK(*ParseDate("d", "2024-02-29") == absl::CivilDay(2024, 2, 29));
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-1-01", "20240101", "2024-01-01x", "",
                          "abcd-ef-gh", "2024/01/01", "0025-01-15", "2200-01-01"}) {
    INFO(bad);
    const auto parsed = ParseDate("start_date", bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK_THAT(std::string(parsed.status().message()), Catch::Matchers::StartsWith("start_date"));
  }
  CHECK(FormatDate(absl::CivilDay(987, 3, 4)) == "0987-03-04");
}

TEST_CASE("Params round-trip through Struct", "[service]") {
  const engine::Params params = {{"window_size", 7.0},
                                 {"trim_outliers", true},
                                 {"weight_strategy", std::string("linear")},
                                 {"max_depth", std::monostate{}},
                                 {"members", std::vector<std::string>{"naive", "ses"}}};
  const auto back = StructToParams("params", ParamsToStruct(params));
  REQUIRE(back.ok());
  CHECK(*back == params);
}

TEST_CASE("StructToParams rejects nested objects and mixed lists", "[service]") {
  google::protobuf::Struct nested;
  (*nested.mutable_fields())["x"].mutable_struct_value();
  CHECK_FALSE(StructToParams("params", nested).ok());
  google::protobuf::Struct mixed;
  auto* list = (*mixed.mutable_fields())["members"].mutable_list_value();
  list->add_values()->set_string_value("naive");
  list->add_values()->set_number_value(3);
  const auto status = StructToParams("candidate_models[0].params", mixed).status();
  CHECK_THAT(std::string(status.message()),
             Catch::Matchers::Contains("candidate_models[0].params.members"));
}

}  // namespace
}  // namespace champion::service

namespace champion::service {
namespace {

TEST_CASE("Every metric of the table has its wire enum value and fields", "[service]") {
  engine::PerMetric<double> values;
  engine::PerMetric<double> stability;
  double next = 1.0;
  for (engine::Metric metric : engine::kAllMetrics) {
    values[metric] = next;
    stability[metric] = 100 + next;
    next += 1.0;
  }
  champion::v1::Metrics out;
  SetMetricFields(values, &out);
  SetStabilityFields(stability, &out);
  const google::protobuf::Reflection* reflection = out.GetReflection();
  for (engine::Metric metric : engine::kAllMetrics) {
    const std::string name = engine::MetricName(metric);
    INFO(name);
    const google::protobuf::FieldDescriptor* field = out.GetDescriptor()->FindFieldByName(name);
    const google::protobuf::FieldDescriptor* spread =
        out.GetDescriptor()->FindFieldByName(name + "_stability");
    REQUIRE(field != nullptr);
    REQUIRE(spread != nullptr);
    CHECK(reflection->GetDouble(out, field) == values[metric]);
    CHECK(reflection->GetDouble(out, spread) == stability[metric]);
    const champion::v1::RankingMetric wire = MetricToProto(metric);
    CHECK(wire != champion::v1::RANKING_METRIC_UNSPECIFIED);
    CHECK(MetricFromProto(wire) == metric);
  }
  CHECK(out.wape() == values[engine::Metric::kWape]);
  CHECK(out.bias_stability() == stability[engine::Metric::kBias]);

  // A fold's metrics: the same fields and numbers, no stability.
  champion::v1::FoldMetricValues fold;
  SetMetricFields(values, &fold);
  for (engine::Metric metric : engine::kAllMetrics) {
    const std::string name = engine::MetricName(metric);
    INFO(name);
    const google::protobuf::FieldDescriptor* field = fold.GetDescriptor()->FindFieldByName(name);
    REQUIRE(field != nullptr);
    CHECK(field->number() == out.GetDescriptor()->FindFieldByName(name)->number());
    CHECK(fold.GetReflection()->GetDouble(fold, field) == values[metric]);
    CHECK(fold.GetDescriptor()->FindFieldByName(name + "_stability") == nullptr);
  }
  CHECK(MetricToProto(engine::Metric::kMase) == champion::v1::RANKING_METRIC_MASE);
  CHECK_FALSE(MetricFromProto(champion::v1::RANKING_METRIC_UNSPECIFIED).has_value());
  CHECK_FALSE(MetricFromProto(static_cast<champion::v1::RankingMetric>(99)).has_value());
}

}  // namespace
}  // namespace champion::service
