#include "store/engine_json.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

namespace champion::store {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// `json` as a row written before the key at `pointer` (a JSON pointer) existed.
std::string Without(const std::string& json, const std::string& pointer) {
  nlohmann::json j = nlohmann::json::parse(json);
  const nlohmann::json::json_pointer key(pointer);
  REQUIRE(j.contains(key));
  j[key.parent_pointer()].erase(key.back());
  return j.dump();
}

engine::BacktestResult Backtest(const std::string& model_type, double offset) {
  engine::BacktestResult r;
  r.model_type = model_type;
  r.params = {{"window_size", 7.0}};
  for (int f = 0; f < 3; ++f) {
    engine::FoldResult fold;
    fold.fold = {f, 0, 30 + 4 * f, 30 + 4 * f, 34 + 4 * f};
    fold.train_from = absl::CivilDay(2024, 1, 2);
    fold.train_to = absl::CivilDay(2024, 1, 31) + 4 * f;
    for (int i = 0; i < 4; ++i) {
      fold.dates.push_back(absl::CivilDay(2024, 2, 1) + 4 * f + i);
      fold.actuals.push_back(10.0 + i + f);
      fold.predictions.push_back(10.0 + i * offset - f * 0.25);
    }
    fold.metrics[engine::Metric::kMae] = 1.5;
    fold.metrics[engine::Metric::kRmse] = 2.0;
    fold.metrics[engine::Metric::kSmape] = 12.5;
    fold.metrics[engine::Metric::kWape] = f == 2 ? kInf : 10.0 + offset;
    fold.metrics[engine::Metric::kBias] = -0.25;
    fold.metrics[engine::Metric::kMase] = kNaN;
    r.folds.push_back(fold);
  }
  r.metrics[engine::Metric::kWape] = {10.0 + offset, kNaN};
  r.metrics[engine::Metric::kSmape] = {12.0, 3.0};
  r.metrics[engine::Metric::kMae] = {1.5, 0.5};
  r.metrics[engine::Metric::kRmse] = {2.0, 0.5};
  r.metrics[engine::Metric::kBias] = {-0.25, kInf};
  r.metrics[engine::Metric::kMase] = {kNaN, kNaN};
  r.metrics.sample_size = 12;
  r.metrics.fold_count = 3;
  return r;
}

TEST_CASE("Backtest results round-trip through JSON, non-finite values included", "[store][json]") {
  const engine::BacktestResult original = Backtest("moving_average", 0.5);
  const std::string json = EncodeBacktestResult(original);
  CHECK(json.find("\"NaN\"") != std::string::npos);
  CHECK(json.find("\"Infinity\"") != std::string::npos);
  auto decoded = DecodeBacktestResult(json);
  REQUIRE(decoded.ok());
  CHECK(EncodeBacktestResult(*decoded) == json);
  CHECK(std::isnan(decoded->metrics[engine::Metric::kWape].stability));
  CHECK(decoded->metrics[engine::Metric::kBias].stability == kInf);
  CHECK(std::isinf(decoded->folds[2].metrics[engine::Metric::kWape]));
  CHECK(decoded->folds[1].dates[2] == original.folds[1].dates[2]);
  CHECK(decoded->folds[1].predictions == original.folds[1].predictions);
  CHECK(decoded->folds[2].fold == original.folds[2].fold);
  CHECK(decoded->folds[2].train_from == absl::CivilDay(2024, 1, 2));
  CHECK(decoded->folds[2].train_to == absl::CivilDay(2024, 2, 8));
  CHECK(DecodeBacktestResult("{\"model_type\": 3}").status().code() == absl::StatusCode::kInternal);
  CHECK(DecodeBacktestResult("not json").status().code() == absl::StatusCode::kInternal);
}

TEST_CASE("Rows from before the training days were recorded read without them", "[store][json]") {
  const std::string json = EncodeBacktestResult(Backtest("naive", 0.5));
  auto legacy =
      DecodeBacktestResult(Without(Without(json, "/folds/1/train_from"), "/folds/1/train_to"));
  REQUIRE(legacy.ok());
  CHECK_FALSE(legacy->folds[1].train_from.has_value());
  CHECK_FALSE(legacy->folds[1].train_to.has_value());
  CHECK(legacy->folds[0].train_to == absl::CivilDay(2024, 1, 31));
}

TEST_CASE("Backtest intervals round-trip, rows from before interval metrics read as undefined",
          "[store][json]") {
  engine::BacktestResult original = Backtest("auto_ets", 0.5);
  original.folds[0].lower = {9.0, 10.0, 11.0, 12.0};
  original.folds[0].upper = {11.0, 12.0, 13.0, 14.0};
  original.folds[0].metrics[engine::Metric::kCoverage] = 75.0;
  original.metrics[engine::Metric::kMsis] = {3.5, 10.0};
  const std::string json = EncodeBacktestResult(original);
  auto decoded = DecodeBacktestResult(json);
  REQUIRE(decoded.ok());
  CHECK(decoded->folds[0].lower == original.folds[0].lower);
  CHECK(decoded->folds[0].upper == original.folds[0].upper);
  CHECK(decoded->folds[1].lower.empty());
  CHECK(decoded->folds[0].metrics[engine::Metric::kCoverage] == 75.0);
  CHECK(decoded->metrics[engine::Metric::kMsis].value == 3.5);

  std::string old = Without(json, "/folds/0/lower");
  old = Without(old, "/folds/0/upper");
  old = Without(old, "/folds/0/metrics/coverage");
  old = Without(old, "/metrics/msis");
  auto legacy = DecodeBacktestResult(old);
  REQUIRE(legacy.ok());
  CHECK(legacy->folds[0].lower.empty());
  CHECK(std::isnan(legacy->folds[0].metrics[engine::Metric::kCoverage]));
  CHECK(std::isnan(legacy->metrics[engine::Metric::kMsis].value));
  CHECK(std::isnan(legacy->metrics[engine::Metric::kMsis].stability));
  CHECK(legacy->metrics[engine::Metric::kMae].value == 1.5);
}

TEST_CASE("Params keep every value kind, non-finite numbers never turn into strings",
          "[store][json]") {
  const engine::Params params = {{"a", std::monostate{}},
                                 {"b", 3.0},
                                 {"c", true},
                                 {"d", std::string("NaN")},
                                 {"e", -kInf},
                                 {"f", kNaN},
                                 {"g", std::vector<std::string>{"naive", "ses"}}};
  auto decoded = DecodeParams(EncodeParams(params));
  REQUIRE(decoded.ok());
  CHECK(std::holds_alternative<std::monostate>(decoded->at("a")));
  CHECK(std::get<double>(decoded->at("b")) == 3.0);
  CHECK(std::get<bool>(decoded->at("c")));
  CHECK(std::get<std::string>(decoded->at("d")) == "NaN");
  CHECK(std::get<double>(decoded->at("e")) == -kInf);
  CHECK(std::isnan(std::get<double>(decoded->at("f"))));
  CHECK(std::get<std::vector<std::string>>(decoded->at("g")).size() == 2);
}

TEST_CASE("SelectionSpec, Availability and FinalModel round-trip", "[store][json]") {
  runs::SelectionSpec spec;
  spec.store_id = 3;
  spec.product_id = 9;
  spec.window_start = absl::CivilDay(2024, 1, 1);
  spec.forecast_horizon = 21;
  spec.ranking_metric = engine::RankingMetric::kMase;
  spec.split = {engine::SplitStrategy::kSliding, 4, 40, 2, 21};
  spec.policy = {5, 0.2, kInf};
  spec.fill_missing = engine::FillMissingDays::kLinear;
  spec.feature_frame_version = 2;
  spec.feature_groups = {"calendar"};
  spec.auto_train_winner = true;
  spec.quantile_levels = {0.05, 0.95};
  spec.request_id = "abc";
  spec.candidates = {{"naive", {}}, {"moving_average", {{"window_size", 14.0}}}};
  auto decoded = DecodeSelectionSpec(EncodeSelectionSpec(spec));
  REQUIRE(decoded.ok());
  CHECK(EncodeSelectionSpec(*decoded) == EncodeSelectionSpec(spec));
  CHECK_FALSE(decoded->window_end.has_value());
  CHECK(decoded->policy.max_acceptable_abs_bias == kInf);
  CHECK(decoded->split.strategy == engine::SplitStrategy::kSliding);
  CHECK(decoded->quantile_levels == std::vector<double>{0.05, 0.95});
  // A run requested before levels were configurable gets the default ones.
  auto legacy_decoded = DecodeSelectionSpec(Without(EncodeSelectionSpec(spec), "/quantile_levels"));
  REQUIRE(legacy_decoded.ok());
  CHECK(legacy_decoded->quantile_levels == std::vector<double>{0.1, 0.5, 0.9});

  engine::Availability a;
  a.first_date = absl::CivilDay(2024, 1, 1);
  a.observed_days = 10;
  a.coverage_ratio = kNaN;
  a.status = engine::AvailabilityStatus::kLimited;
  a.warnings = {"w1", "w2"};
  auto a2 = DecodeAvailability(EncodeAvailability(a));
  REQUIRE(a2.ok());
  CHECK(EncodeAvailability(*a2) == EncodeAvailability(a));
  CHECK(std::isnan(a2->coverage_ratio));
  CHECK_FALSE(a2->promotion_days.has_value());
  CHECK_FALSE(a2->demand.has_value());

  a.demand = engine::DemandClass{
      .pattern = engine::DemandPattern::kLumpy, .adi = 3.5, .cv2 = std::nullopt};
  auto a3 = DecodeAvailability(EncodeAvailability(a));
  REQUIRE(a3.ok());
  REQUIRE(a3->demand.has_value());
  CHECK(a3->demand->pattern == engine::DemandPattern::kLumpy);
  CHECK(a3->demand->adi == 3.5);
  CHECK_FALSE(a3->demand->cv2.has_value());
  CHECK(EncodeAvailability(*a3) == EncodeAvailability(a));
  // A row stored before the classification existed has no "demand" key at all.
  auto legacy = DecodeAvailability(Without(EncodeAvailability(a), "/demand"));
  REQUIRE(legacy.ok());
  CHECK_FALSE(legacy->demand.has_value());

  runs::FinalModel m{"ses",
                     {{"alpha", 0.3}},
                     absl::CivilDay(2024, 1, 1),
                     absl::CivilDay(2024, 3, 1),
                     61,
                     {absl::CivilDay(2024, 3, 2)},
                     {kNaN},
                     {0.1, 0.9},
                     {{1.5}, {4.25}},
                     "conformal"};
  auto m2 = DecodeFinalModel(EncodeFinalModel(m));
  REQUIRE(m2.ok());
  CHECK(EncodeFinalModel(*m2) == EncodeFinalModel(m));
  CHECK(std::isnan(m2->forecast_values[0]));
  CHECK(m2->forecast_quantiles == m.forecast_quantiles);
  CHECK(m2->quantile_levels == m.quantile_levels);
  // A final model stored before quantiles existed has a point forecast only.
  auto legacy_model = DecodeFinalModel(
      R"({"model_type":"ses","params":{},"trained_from":"2024-01-01","trained_to":"2024-03-01",)"
      R"("n_observations":61,"forecast_dates":["2024-03-02"],"forecast_values":[2.0]})");
  REQUIRE(legacy_model.ok());
  CHECK(legacy_model->forecast_values == std::vector<double>{2.0});
  CHECK(legacy_model->quantile_levels.empty());
  CHECK(legacy_model->interval_method.empty());
}

TEST_CASE("A settled SelectionOutcome round-trips byte for byte", "[store][json]") {
  const std::vector<engine::CandidateBacktest> candidates = {
      {"naive", {}, Backtest("naive", 0.0)},
      {"moving_average", {{"window_size", 7.0}}, Backtest("moving_average", 0.5)},
      {"theta", {}, absl::InvalidArgumentError("theta: series too short")},
  };
  engine::SettleInput input;
  input.candidates = candidates;
  input.availability.status = engine::AvailabilityStatus::kReady;
  const engine::SelectionOutcome outcome = engine::SettleSelection(input);
  const std::string json = EncodeSelectionOutcome(outcome);
  auto decoded = DecodeSelectionOutcome(json);
  REQUIRE(decoded.ok());
  CHECK(EncodeSelectionOutcome(*decoded) == json);
  CHECK(decoded->ranking.entries.size() == 3);
  CHECK((decoded->winner() == nullptr) == (outcome.winner() == nullptr));
  CHECK(decoded->business_summary.headline == outcome.business_summary.headline);
  CHECK(decoded->chart_data.has_value() == outcome.chart_data.has_value());
}

TEST_CASE("A ranking keeps the metric it fell back to, old rows had none", "[store][json]") {
  engine::SelectionOutcome outcome;
  outcome.ranking.metric = engine::RankingMetric::kWape;
  outcome.ranking.ranked_by = engine::RankingMetric::kMae;
  const std::string json = EncodeSelectionOutcome(outcome);
  auto decoded = DecodeSelectionOutcome(json);
  REQUIRE(decoded.ok());
  CHECK(decoded->ranking.metric == engine::RankingMetric::kWape);
  CHECK(decoded->ranking.ranked_by == engine::RankingMetric::kMae);

  outcome.ranking.metric = engine::RankingMetric::kMase;
  auto legacy =
      DecodeSelectionOutcome(Without(EncodeSelectionOutcome(outcome), "/ranking/ranked_by"));
  REQUIRE(legacy.ok());
  CHECK(legacy->ranking.ranked_by == engine::RankingMetric::kMase);
}

}  // namespace
}  // namespace champion::store
