// The SelectionOutcome part of store/engine_json.h (ranking, confidence, significance, chart
// data, business summary).

#include "store/engine_json.h"
#include "store/engine_json_internal.h"

namespace champion::store {
namespace {

using json_internal::DayArray;
using json_internal::Json;
using json_internal::Num;
using json_internal::NumArray;
using json_internal::ToDayArray;
using json_internal::ToNum;
using json_internal::ToNumArray;

template <typename T, typename F>
Json OptionalToJson(const std::optional<T>& value, F&& to_json) {
  return value ? to_json(*value) : Json(nullptr);
}

Json RankedMetricsToJson(const engine::RankedMetrics& m) {
  Json j = {{"sample_size", m.sample_size}};
  for (engine::Metric metric : engine::kAllMetrics) j[engine::MetricName(metric)] = Num(m[metric]);
  return j;
}

engine::RankedMetrics RankedMetricsFromJson(const Json& j) {
  engine::RankedMetrics m;
  for (engine::Metric metric : engine::kAllMetrics)
    m[metric] = json_internal::ToNumOrNaN(j, engine::MetricName(metric));
  m.sample_size = j.at("sample_size").get<int>();
  return m;
}

Json RankingToJson(const engine::Ranking& r) {
  Json entries = Json::array();
  for (const engine::RankingEntry& e : r.entries) {
    entries.push_back({{"input_index", e.input_index},
                       {"model_type", e.model_type},
                       {"params", json_internal::ParamsToJson(e.params)},
                       {"rank", OptionalToJson(e.rank, [](int v) { return Json(v); })},
                       {"included", e.included},
                       {"metrics", OptionalToJson(e.metrics, RankedMetricsToJson)},
                       {"exclusion_reason", e.exclusion_reason}});
  }
  return {{"metric", engine::MetricName(r.metric)},
          {"ranked_by", engine::MetricName(r.ranked_by)},
          {"entries", entries}};
}

engine::RankingMetric RankingMetricFromJson(const Json& j) {
  auto metric = engine::ParseRankingMetric(j.get<std::string>());
  if (!metric.ok()) throw std::invalid_argument(std::string(metric.status().message()));
  return *metric;
}

engine::Ranking RankingFromJson(const Json& j) {
  engine::Ranking r;
  r.metric = RankingMetricFromJson(j.at("metric"));
  // Rows settled before the MAE fallback existed were always ranked by their metric.
  r.ranked_by = j.contains("ranked_by") ? RankingMetricFromJson(j["ranked_by"]) : r.metric;
  for (const Json& e : j.at("entries")) {
    engine::RankingEntry entry;
    entry.input_index = e.at("input_index").get<int>();
    entry.model_type = e.at("model_type").get<std::string>();
    entry.params = json_internal::ParamsFromJson(e.at("params"));
    if (!e.at("rank").is_null()) entry.rank = e["rank"].get<int>();
    entry.included = e.at("included").get<bool>();
    if (!e.at("metrics").is_null()) entry.metrics = RankedMetricsFromJson(e["metrics"]);
    entry.exclusion_reason = e.at("exclusion_reason").get<std::string>();
    r.entries.push_back(std::move(entry));
  }
  return r;
}

engine::ConfidenceLevel LevelFromName(const std::string& name) {
  if (name == "high") return engine::ConfidenceLevel::kHigh;
  if (name == "medium") return engine::ConfidenceLevel::kMedium;
  if (name == "low") return engine::ConfidenceLevel::kLow;
  throw std::invalid_argument("unknown confidence level " + name);
}

Json TestToJson(const engine::Significance& s) {
  return {{"statistic", Num(s.statistic)}, {"p_value", Num(s.p_value)}};
}

engine::Significance TestFromJson(const Json& j) {
  return {.statistic = ToNum(j.at("statistic")), .p_value = ToNum(j.at("p_value"))};
}

Json ConfidenceToJson(const engine::Confidence& c) {
  return {{"level", engine::ConfidenceLevelName(c.level)},
          {"reasons", c.reasons},
          {"lead", OptionalToJson(c.lead, Num)},
          {"significance", OptionalToJson(c.significance, TestToJson)}};
}

engine::Confidence ConfidenceFromJson(const Json& j) {
  engine::Confidence c;
  c.level = LevelFromName(j.at("level").get<std::string>());
  c.reasons = j.at("reasons").get<std::vector<std::string>>();
  if (!j.at("lead").is_null()) c.lead = ToNum(j["lead"]);
  if (!j.at("significance").is_null()) c.significance = TestFromJson(j["significance"]);
  return c;
}

Json ModelValuesToJson(const std::vector<engine::ModelValue>& values) {
  Json out = Json::array();
  for (const auto& v : values) {
    out.push_back(
        {{"model_type", v.model_type}, {"value", Num(v.value)}, {"is_winner", v.is_winner}});
  }
  return out;
}

std::vector<engine::ModelValue> ModelValuesFromJson(const Json& j) {
  std::vector<engine::ModelValue> out;
  for (const Json& v : j) {
    out.push_back({v.at("model_type").get<std::string>(), ToNum(v.at("value")),
                   v.at("is_winner").get<bool>()});
  }
  return out;
}

Json FoldSeriesToJson(const std::vector<engine::FoldSeries>& folds) {
  Json out = Json::array();
  for (const auto& f : folds) {
    out.push_back({{"fold_index", f.fold_index},
                   {"dates", DayArray(f.dates)},
                   {"actuals", NumArray(f.actuals)},
                   {"predictions", NumArray(f.predictions)}});
  }
  return out;
}

std::vector<engine::FoldSeries> FoldSeriesFromJson(const Json& j) {
  std::vector<engine::FoldSeries> out;
  for (const Json& f : j) {
    out.push_back({f.at("fold_index").get<int>(), ToDayArray(f.at("dates")),
                   ToNumArray(f.at("actuals")), ToNumArray(f.at("predictions"))});
  }
  return out;
}

Json ChartToJson(const engine::ChartData& c) {
  Json stability = Json::array();
  for (const auto& s : c.fold_stability) {
    stability.push_back({{"model_type", s.model_type}, {"wape_by_fold", NumArray(s.wape_by_fold)}});
  }
  Json by_model = Json::object();
  for (const auto& [model, folds] : c.actual_vs_predicted)
    by_model[model] = FoldSeriesToJson(folds);
  return {{"wape_by_model", ModelValuesToJson(c.wape_by_model)},
          {"bias_by_model", ModelValuesToJson(c.bias_by_model)},
          {"fold_stability", stability},
          {"winner_actual_vs_predicted", FoldSeriesToJson(c.winner_actual_vs_predicted)},
          {"actual_vs_predicted", by_model}};
}

engine::ChartData ChartFromJson(const Json& j) {
  engine::ChartData c;
  c.wape_by_model = ModelValuesFromJson(j.at("wape_by_model"));
  c.bias_by_model = ModelValuesFromJson(j.at("bias_by_model"));
  for (const Json& s : j.at("fold_stability")) {
    c.fold_stability.push_back(
        {s.at("model_type").get<std::string>(), ToNumArray(s.at("wape_by_fold"))});
  }
  c.winner_actual_vs_predicted = FoldSeriesFromJson(j.at("winner_actual_vs_predicted"));
  for (const auto& [model, folds] : j.at("actual_vs_predicted").items()) {
    c.actual_vs_predicted[model] = FoldSeriesFromJson(folds);
  }
  return c;
}

Json SummaryToJson(const engine::BusinessSummary& s) {
  return {
      {"headline", s.headline},
      {"winner", OptionalToJson(s.winner,
                                [](const engine::ModelSummary& w) {
                                  return Json{{"model_type", w.model_type}, {"summary", w.summary}};
                                })},
      {"comparison", OptionalToJson(s.comparison,
                                    [](const engine::Comparison& c) {
                                      return Json{{"runner_up_model_type", c.runner_up_model_type},
                                                  {"runner_up_summary", c.runner_up_summary},
                                                  {"lead_text", c.lead_text}};
                                    })},
      {"recommendation_confidence", engine::ConfidenceLevelName(s.recommendation_confidence)},
      {"confidence_reasons", s.confidence_reasons},
      {"data_notes", s.data_notes},
      {"caveats", s.caveats}};
}

engine::BusinessSummary SummaryFromJson(const Json& j) {
  engine::BusinessSummary s;
  s.headline = j.at("headline").get<std::string>();
  if (const Json& w = j.at("winner"); !w.is_null()) {
    s.winner = engine::ModelSummary{w.at("model_type").get<std::string>(),
                                    w.at("summary").get<std::string>()};
  }
  if (const Json& c = j.at("comparison"); !c.is_null()) {
    s.comparison = engine::Comparison{c.at("runner_up_model_type").get<std::string>(),
                                      c.at("runner_up_summary").get<std::string>(),
                                      c.at("lead_text").get<std::string>()};
  }
  s.recommendation_confidence = LevelFromName(j.at("recommendation_confidence").get<std::string>());
  s.confidence_reasons = j.at("confidence_reasons").get<std::vector<std::string>>();
  s.data_notes = j.at("data_notes").get<std::vector<std::string>>();
  s.caveats = j.at("caveats").get<std::vector<std::string>>();
  return s;
}

}  // namespace

std::string EncodeSelectionOutcome(const engine::SelectionOutcome& o) {
  Json significance = nullptr;
  if (o.significance) {
    significance = {{"test", TestToJson(o.significance->test)},
                    {"runner_up_model_type", o.significance->runner_up_model_type},
                    {"sample_size", o.significance->sample_size},
                    {"finding", o.significance->finding}};
  }
  return Json{{"ranking", RankingToJson(o.ranking)},
              {"confidence", ConfidenceToJson(o.confidence)},
              {"significance", significance},
              {"chart_data", OptionalToJson(o.chart_data, ChartToJson)},
              {"business_summary", SummaryToJson(o.business_summary)}}
      .dump();
}

absl::StatusOr<engine::SelectionOutcome> DecodeSelectionOutcome(std::string_view json) {
  return json_internal::Decode<engine::SelectionOutcome>(json, "outcome", [](const Json& j) {
    engine::SelectionOutcome o;
    o.ranking = RankingFromJson(j.at("ranking"));
    o.confidence = ConfidenceFromJson(j.at("confidence"));
    if (const Json& s = j.at("significance"); !s.is_null()) {
      o.significance = engine::SignificanceReport{
          TestFromJson(s.at("test")), s.at("runner_up_model_type").get<std::string>(),
          s.at("sample_size").get<int>(), s.at("finding").get<std::string>()};
    }
    if (!j.at("chart_data").is_null()) o.chart_data = ChartFromJson(j["chart_data"]);
    o.business_summary = SummaryFromJson(j.at("business_summary"));
    return o;
  });
}

}  // namespace champion::store
