#include "store/engine_json.h"

#include <cmath>
#include <stdexcept>

#include "store/engine_json_internal.h"

namespace champion::store {
namespace json_internal {
namespace {

Json ParamValueToJson(const engine::ParamValue& value) {
  return std::visit(
      [](const auto& v) -> Json {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          return nullptr;
        } else if constexpr (std::is_same_v<V, double>) {
          // A string is a legitimate param value, so a non-finite number is wrapped.
          return std::isfinite(v) ? Json(v) : Json{{"number", Num(v)}};
        } else {
          return Json(v);
        }
      },
      value);
}

engine::ParamValue ParamValueFromJson(const Json& j) {
  if (j.is_null()) return std::monostate{};
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) return j.get<std::string>();
  if (j.is_object()) return ToNum(j.at("number"));
  return j.get<std::vector<std::string>>();
}

Json SplitToJson(const engine::SplitConfig& s) {
  return {{"strategy", engine::SplitStrategyName(s.strategy)},
          {"n_splits", s.n_splits},
          {"min_train_size", s.min_train_size},
          {"gap", s.gap},
          {"horizon", s.horizon}};
}

engine::SplitConfig SplitFromJson(const Json& j) {
  engine::SplitConfig s;
  s.strategy = j.at("strategy").get<std::string>() == "sliding" ? engine::SplitStrategy::kSliding
                                                                : engine::SplitStrategy::kExpanding;
  s.n_splits = j.at("n_splits").get<int>();
  s.min_train_size = j.at("min_train_size").get<int>();
  s.gap = j.at("gap").get<int>();
  s.horizon = j.at("horizon").get<int>();
  return s;
}

template <typename T>
T OrThrow(absl::StatusOr<T> value) {
  if (!value.ok()) throw std::invalid_argument(std::string(value.status().message()));
  return *std::move(value);
}

Json FoldMetricsToJson(const engine::FoldMetrics& m) {
  Json j = Json::object();
  for (engine::Metric metric : engine::kAllMetrics) j[engine::MetricName(metric)] = Num(m[metric]);
  return j;
}

engine::FoldMetrics FoldMetricsFromJson(const Json& j) {
  engine::FoldMetrics m;
  for (engine::Metric metric : engine::kAllMetrics)
    m[metric] = ToNumOrNaN(j, engine::MetricName(metric));
  return m;
}

Json AggregatedToJson(const engine::AggregatedMetric& m) {
  return {{"value", Num(m.value)}, {"stability", Num(m.stability)}};
}

engine::AggregatedMetric AggregatedFromJson(const Json& j) {
  return {.value = ToNum(j.at("value")), .stability = ToNum(j.at("stability"))};
}

Json FoldToJson(const engine::FoldResult& f) {
  Json out = {{"index", f.fold.index},
              {"train_begin", f.fold.train_begin},
              {"train_end", f.fold.train_end},
              {"test_begin", f.fold.test_begin},
              {"test_end", f.fold.test_end},
              {"dates", DayArray(f.dates)},
              {"actuals", NumArray(f.actuals)},
              {"predictions", NumArray(f.predictions)},
              {"lower", NumArray(f.lower)},
              {"upper", NumArray(f.upper)},
              {"metrics", FoldMetricsToJson(f.metrics)}};
  if (f.train_from && f.train_to) {
    out["train_from"] = Day(*f.train_from);
    out["train_to"] = Day(*f.train_to);
  }
  return out;
}

engine::FoldResult FoldFromJson(const Json& j) {
  engine::FoldResult f;
  f.fold = {.index = j.at("index").get<int>(),
            .train_begin = j.at("train_begin").get<int>(),
            .train_end = j.at("train_end").get<int>(),
            .test_begin = j.at("test_begin").get<int>(),
            .test_end = j.at("test_end").get<int>()};
  if (j.contains("train_from") && j.contains("train_to")) {  // Older rows: no training days.
    f.train_from = ToDay(j.at("train_from"));
    f.train_to = ToDay(j.at("train_to"));
  }
  f.dates = ToDayArray(j.at("dates"));
  f.actuals = ToNumArray(j.at("actuals"));
  f.predictions = ToNumArray(j.at("predictions"));
  if (j.contains("lower")) f.lower = ToNumArray(j.at("lower"));  // Older rows: no interval.
  if (j.contains("upper")) f.upper = ToNumArray(j.at("upper"));
  f.metrics = FoldMetricsFromJson(j.at("metrics"));
  return f;
}

}  // namespace

Json ParamsToJson(const engine::Params& params) {
  Json out = Json::object();
  for (const auto& [name, value] : params) out[name] = ParamValueToJson(value);
  return out;
}

engine::Params ParamsFromJson(const Json& j) {
  engine::Params out;
  for (const auto& [name, value] : j.items()) out[name] = ParamValueFromJson(value);
  return out;
}

Json BacktestToJson(const engine::BacktestResult& r) {
  Json folds = Json::array();
  for (const engine::FoldResult& f : r.folds) folds.push_back(FoldToJson(f));
  Json metrics = {{"sample_size", r.metrics.sample_size}, {"fold_count", r.metrics.fold_count}};
  for (engine::Metric metric : engine::kAllMetrics) {
    metrics[engine::MetricName(metric)] = AggregatedToJson(r.metrics[metric]);
  }
  return {{"model_type", r.model_type},
          {"params", ParamsToJson(r.params)},
          {"folds", folds},
          {"metrics", metrics}};
}

engine::BacktestResult BacktestFromJson(const Json& j) {
  engine::BacktestResult r;
  r.model_type = j.at("model_type").get<std::string>();
  r.params = ParamsFromJson(j.at("params"));
  for (const Json& f : j.at("folds")) r.folds.push_back(FoldFromJson(f));
  const Json& m = j.at("metrics");
  for (engine::Metric metric : engine::kAllMetrics) {
    const auto it = m.find(engine::MetricName(metric));
    // Rows written before a metric existed lack it: undefined.
    r.metrics[metric] = it != m.end() ? AggregatedFromJson(*it)
                                      : engine::AggregatedMetric{.value = NAN, .stability = NAN};
  }
  r.metrics.sample_size = m.at("sample_size").get<int>();
  r.metrics.fold_count = m.at("fold_count").get<int>();
  return r;
}

}  // namespace json_internal

using json_internal::Json;
using json_internal::Num;
using json_internal::ToNum;

std::string EncodeParams(const engine::Params& params) {
  return json_internal::ParamsToJson(params).dump();
}

absl::StatusOr<engine::Params> DecodeParams(std::string_view json) {
  return json_internal::Decode<engine::Params>(json, "params", json_internal::ParamsFromJson);
}

std::string EncodeSelectionSpec(const runs::SelectionSpec& s) {
  Json candidates = Json::array();
  for (const runs::CandidateSpec& c : s.candidates) {
    candidates.push_back(
        {{"model_type", c.model_type}, {"params", json_internal::ParamsToJson(c.params)}});
  }
  const auto day_or_null = [](const std::optional<absl::CivilDay>& d) -> Json {
    return d ? Json(json_internal::Day(*d)) : Json(nullptr);
  };
  return Json{{"store_id", s.store_id},
              {"product_id", s.product_id},
              {"window_start", day_or_null(s.window_start)},
              {"window_end", day_or_null(s.window_end)},
              {"forecast_horizon", s.forecast_horizon},
              {"ranking_metric", engine::MetricName(s.ranking_metric)},
              {"split", json_internal::SplitToJson(s.split)},
              {"policy",
               {{"minimum_sample_size", s.policy.minimum_sample_size},
                {"high_confidence_rel_improvement", Num(s.policy.high_confidence_rel_improvement)},
                {"max_acceptable_abs_bias", Num(s.policy.max_acceptable_abs_bias)}}},
              {"fill_missing", engine::FillMissingDaysName(s.fill_missing)},
              {"feature_frame_version", s.feature_frame_version},
              {"feature_groups", s.feature_groups},
              {"auto_train_winner", s.auto_train_winner},
              {"auto_predict", s.auto_predict},
              {"quantile_levels", json_internal::NumArray(s.quantile_levels)},
              {"request_id", s.request_id},
              {"candidates", candidates}}
      .dump();
}

absl::StatusOr<runs::SelectionSpec> DecodeSelectionSpec(std::string_view json) {
  using json_internal::OrThrow;
  return json_internal::Decode<runs::SelectionSpec>(json, "request", [](const Json& j) {
    runs::SelectionSpec s;
    s.store_id = j.at("store_id").get<int64_t>();
    s.product_id = j.at("product_id").get<int64_t>();
    if (!j.at("window_start").is_null()) s.window_start = json_internal::ToDay(j["window_start"]);
    if (!j.at("window_end").is_null()) s.window_end = json_internal::ToDay(j["window_end"]);
    s.forecast_horizon = j.at("forecast_horizon").get<int>();
    s.ranking_metric =
        OrThrow(engine::ParseRankingMetric(j.at("ranking_metric").get<std::string>()));
    s.split = json_internal::SplitFromJson(j.at("split"));
    const Json& p = j.at("policy");
    s.policy.minimum_sample_size = p.at("minimum_sample_size").get<int>();
    s.policy.high_confidence_rel_improvement = ToNum(p.at("high_confidence_rel_improvement"));
    s.policy.max_acceptable_abs_bias = ToNum(p.at("max_acceptable_abs_bias"));
    s.fill_missing = OrThrow(engine::ParseFillMissingDays(j.at("fill_missing").get<std::string>()));
    s.feature_frame_version = j.at("feature_frame_version").get<int>();
    s.feature_groups = j.at("feature_groups").get<std::vector<std::string>>();
    s.auto_train_winner = j.at("auto_train_winner").get<bool>();
    s.auto_predict = j.at("auto_predict").get<bool>();
    // Runs requested before levels were configurable have the defaults.
    if (j.contains("quantile_levels")) {
      s.quantile_levels = json_internal::ToNumArray(j.at("quantile_levels"));
    }
    s.request_id = j.at("request_id").get<std::string>();
    for (const Json& c : j.at("candidates")) {
      s.candidates.push_back(
          {c.at("model_type").get<std::string>(), json_internal::ParamsFromJson(c.at("params"))});
    }
    return s;
  });
}

namespace {

Json OptionalNum(const std::optional<double>& v) { return v ? Num(*v) : Json(nullptr); }

Json DemandToJson(const engine::DemandClass& d) {
  return {{"pattern", engine::DemandPatternName(d.pattern)},
          {"adi", OptionalNum(d.adi)},
          {"cv2", OptionalNum(d.cv2)}};
}

engine::DemandClass DemandFromJson(const Json& j) {
  engine::DemandClass d;
  const std::optional<engine::DemandPattern> pattern =
      engine::ParseDemandPattern(j.at("pattern").get<std::string>());
  if (!pattern) throw std::invalid_argument("unknown demand pattern");
  d.pattern = *pattern;
  if (!j.at("adi").is_null()) d.adi = ToNum(j["adi"]);
  if (!j.at("cv2").is_null()) d.cv2 = ToNum(j["cv2"]);
  return d;
}

}  // namespace

std::string EncodeAvailability(const engine::Availability& a) {
  const auto day_or_null = [](const std::optional<absl::CivilDay>& d) -> Json {
    return d ? Json(json_internal::Day(*d)) : Json(nullptr);
  };
  return Json{{"first_date", day_or_null(a.first_date)},
              {"last_date", day_or_null(a.last_date)},
              {"observed_days", a.observed_days},
              {"expected_calendar_days", a.expected_calendar_days},
              {"coverage_ratio", Num(a.coverage_ratio)},
              {"missing_days", a.missing_days},
              {"zero_sale_days", a.zero_sale_days},
              {"promotion_days", a.promotion_days ? Json(*a.promotion_days) : Json(nullptr)},
              {"average_daily_demand", Num(a.average_daily_demand)},
              {"status", engine::AvailabilityStatusName(a.status)},
              {"required_days_ready", a.required_days_ready},
              {"required_days_limited", a.required_days_limited},
              {"recommended_split_config", json_internal::SplitToJson(a.recommended_split_config)},
              {"reason", a.reason},
              {"warnings", a.warnings},
              {"demand", a.demand ? DemandToJson(*a.demand) : Json(nullptr)}}
      .dump();
}

absl::StatusOr<engine::Availability> DecodeAvailability(std::string_view json) {
  return json_internal::Decode<engine::Availability>(json, "availability", [](const Json& j) {
    engine::Availability a;
    if (!j.at("first_date").is_null()) a.first_date = json_internal::ToDay(j["first_date"]);
    if (!j.at("last_date").is_null()) a.last_date = json_internal::ToDay(j["last_date"]);
    a.observed_days = j.at("observed_days").get<int>();
    a.expected_calendar_days = j.at("expected_calendar_days").get<int>();
    a.coverage_ratio = ToNum(j.at("coverage_ratio"));
    a.missing_days = j.at("missing_days").get<int>();
    a.zero_sale_days = j.at("zero_sale_days").get<int>();
    if (!j.at("promotion_days").is_null()) a.promotion_days = j["promotion_days"].get<int>();
    a.average_daily_demand = ToNum(j.at("average_daily_demand"));
    const std::string status = j.at("status").get<std::string>();
    a.status = status == "ready"     ? engine::AvailabilityStatus::kReady
               : status == "limited" ? engine::AvailabilityStatus::kLimited
                                     : engine::AvailabilityStatus::kUnusable;
    a.required_days_ready = j.at("required_days_ready").get<int>();
    a.required_days_limited = j.at("required_days_limited").get<int>();
    a.recommended_split_config = json_internal::SplitFromJson(j.at("recommended_split_config"));
    a.reason = j.at("reason").get<std::string>();
    a.warnings = j.at("warnings").get<std::vector<std::string>>();
    // Runs stored before the demand classification have no "demand" key.
    if (j.contains("demand") && !j["demand"].is_null()) a.demand = DemandFromJson(j["demand"]);
    return a;
  });
}

std::string EncodeBacktestResult(const engine::BacktestResult& result) {
  return json_internal::BacktestToJson(result).dump();
}

absl::StatusOr<engine::BacktestResult> DecodeBacktestResult(std::string_view json) {
  return json_internal::Decode<engine::BacktestResult>(json, "result",
                                                       json_internal::BacktestFromJson);
}

std::string EncodeFinalModel(const runs::FinalModel& m) {
  Json quantiles = Json::array();
  for (const auto& row : m.forecast_quantiles) quantiles.push_back(json_internal::NumArray(row));
  return Json{{"model_type", m.model_type},
              {"params", json_internal::ParamsToJson(m.params)},
              {"trained_from", json_internal::Day(m.trained_from)},
              {"trained_to", json_internal::Day(m.trained_to)},
              {"n_observations", m.n_observations},
              {"forecast_dates", json_internal::DayArray(m.forecast_dates)},
              {"forecast_values", json_internal::NumArray(m.forecast_values)},
              {"quantile_levels", json_internal::NumArray(m.quantile_levels)},
              {"forecast_quantiles", quantiles},
              {"interval_method", m.interval_method}}
      .dump();
}

absl::StatusOr<runs::FinalModel> DecodeFinalModel(std::string_view json) {
  return json_internal::Decode<runs::FinalModel>(json, "final_model", [](const Json& j) {
    runs::FinalModel m;
    m.model_type = j.at("model_type").get<std::string>();
    m.params = json_internal::ParamsFromJson(j.at("params"));
    m.trained_from = json_internal::ToDay(j.at("trained_from"));
    m.trained_to = json_internal::ToDay(j.at("trained_to"));
    m.n_observations = j.at("n_observations").get<int>();
    m.forecast_dates = json_internal::ToDayArray(j.at("forecast_dates"));
    m.forecast_values = json_internal::ToNumArray(j.at("forecast_values"));
    // Written by every settle since quantiles exist; older rows have a point forecast only.
    if (j.contains("quantile_levels")) {
      m.quantile_levels = json_internal::ToNumArray(j.at("quantile_levels"));
      for (const Json& row : j.at("forecast_quantiles")) {
        m.forecast_quantiles.push_back(json_internal::ToNumArray(row));
      }
      m.interval_method = j.at("interval_method").get<std::string>();
    }
    return m;
  });
}

}  // namespace champion::store
