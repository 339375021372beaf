// Tests of SettleSelection and the chart data / business summary it builds
// (engine/selection/selection.h, engine/explain/charts.h, engine/explain/explanation.h).

#include "engine/selection/selection.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/selection/ensemble.h"

namespace champion::engine {
namespace {

Series Weekly(int n) {
  Series s;
  for (int i = 0; i < n; ++i) {
    s.dates.push_back(absl::CivilDay(2024, 1, 1) + i);
    s.values.push_back(20.0 + 0.1 * i + (i % 7 >= 5 ? 8.0 : 0.0) + (i % 3 == 0 ? 1.0 : 0.0));
    s.unit_prices.push_back(2.0);
    s.promo_active.push_back(i % 11 == 0);
    s.is_holiday.push_back(false);
    s.imputed.push_back(false);
  }
  return s;
}

Availability ReadyAvailability() {
  Availability a;
  a.first_date = absl::CivilDay(2024, 1, 1);
  a.last_date = absl::CivilDay(2024, 4, 29);
  a.observed_days = 120;
  a.expected_calendar_days = 120;
  a.coverage_ratio = 1.0;
  a.promotion_days = 11;
  a.average_daily_demand = 28.5;
  a.status = AvailabilityStatus::kReady;
  a.reason = "120 observed days cover 5 folds.";
  return a;
}

std::vector<CandidateBacktest> Candidates(const Series& s, std::vector<std::string> types) {
  std::vector<CandidateBacktest> out;
  for (std::string& t : types) {
    absl::StatusOr<BacktestResult> r = RunBacktest(s, t, {}, {}, NeverCancelled());
    out.push_back({.model_type = std::move(t), .params = {}, .result = std::move(r)});
  }
  return out;
}

// Every string and every number of an outcome; doubles as hex floats (bit-exact).
std::string Render(const SelectionOutcome& o) {
  std::string out;
  auto num = [&out](double v) { absl::StrAppendFormat(&out, "%a,", v); };
  for (const RankingEntry& e : o.ranking.entries) {
    absl::StrAppend(&out, e.model_type, ":", e.rank.value_or(0), ":", e.exclusion_reason, ";");
    if (e.metrics) {
      num((*e.metrics)[Metric::kWape]);
      num((*e.metrics)[Metric::kMase]);
    }
  }
  absl::StrAppend(&out, absl::StrJoin(o.confidence.reasons, "|"));
  if (o.significance) {
    num(o.significance->test.statistic);
    num(o.significance->test.p_value);
  }
  const BusinessSummary& b = o.business_summary;
  absl::StrAppend(&out, b.headline, absl::StrJoin(b.data_notes, "|"),
                  absl::StrJoin(b.caveats, "|"));
  if (b.winner) absl::StrAppend(&out, b.winner->summary);
  if (b.comparison) absl::StrAppend(&out, b.comparison->runner_up_summary, b.comparison->lead_text);
  if (o.chart_data) {
    for (const ModelValue& v : o.chart_data->wape_by_model) num(v.value);
    for (const ModelValue& v : o.chart_data->bias_by_model) num(v.value);
    for (const ModelFoldStability& f : o.chart_data->fold_stability) {
      for (double w : f.wape_by_fold) num(w);
    }
    for (const auto& [type, folds] : o.chart_data->actual_vs_predicted) {
      absl::StrAppend(&out, type);
      for (const FoldSeries& f : folds) {
        for (double p : f.predictions) num(p);
      }
    }
  }
  return out;
}

TEST_CASE("SettleSelection ranks, explains and charts a run", "[engine][selection]") {
  const Series s = Weekly(120);
  auto c = Candidates(s, {"naive", "seasonal_naive", "moving_average", "lightgbm"});
  const SelectionOutcome o =
      SettleSelection({.candidates = c, .policy = {}, .availability = ReadyAvailability()});
  REQUIRE(o.winner() != nullptr);
  CHECK(o.winner()->model_type == "seasonal_naive");
  CHECK(o.winner()->params.at("season_length") == ParamValue(7.0));
  CHECK(o.ranking.entries.back().model_type == "lightgbm");
  CHECK(o.ranking.entries.back().exclusion_reason ==
        "lightgbm: LightGBM is not available in this build");
  REQUIRE(o.significance.has_value());
  CHECK(o.significance->sample_size == 70);
  CHECK(o.significance->runner_up_model_type == o.ranking.RunnerUp()->model_type);
  CHECK(o.confidence.reasons.back() == o.significance->finding);

  REQUIRE(o.chart_data.has_value());
  const ChartData& ch = *o.chart_data;
  REQUIRE(ch.wape_by_model.size() == 3);
  CHECK(ch.wape_by_model[0].model_type == "seasonal_naive");
  CHECK(ch.wape_by_model[0].is_winner);
  CHECK_FALSE(ch.bias_by_model[1].is_winner);
  CHECK(ch.bias_by_model[0].value == (*o.winner()->metrics)[Metric::kBias]);
  REQUIRE(ch.fold_stability.size() == 3);
  CHECK(ch.fold_stability[0].wape_by_fold.size() == 5);
  CHECK(ch.fold_stability[0].wape_by_fold[2] == c[1].result->folds[2].metrics[Metric::kWape]);
  REQUIRE(ch.winner_actual_vs_predicted.size() == 5);
  CHECK(ch.winner_actual_vs_predicted[1].fold_index == 1);
  CHECK(ch.winner_actual_vs_predicted[1].dates.front() == absl::CivilDay(2024, 2, 19));
  CHECK(ch.winner_actual_vs_predicted[1].predictions == c[1].result->folds[1].predictions);
  CHECK(ch.actual_vs_predicted.size() == 3);
  CHECK(ch.actual_vs_predicted.count("lightgbm") == 0);

  const BusinessSummary& b = o.business_summary;
  CHECK(b.headline == absl::StrFormat("Recommended model: Seasonal naive (seasonal_naive), with "
                                      "%s confidence.",
                                      ConfidenceLevelName(o.confidence.level)));
  REQUIRE(b.winner.has_value());
  CHECK(b.winner->summary == MetricsSummaryLine(*o.winner()->metrics));
  REQUIRE(b.comparison.has_value());
  CHECK(b.comparison->lead_text.find("Seasonal naive (seasonal_naive) beats ") == 0);
  CHECK(b.confidence_reasons == o.confidence.reasons);
  CHECK(b.data_notes.front() ==
        "Sales history of this pair: 120 observed days between 2024-01-01 and 2024-04-29 "
        "(120 calendar days, 100.0% coverage).");
  CHECK(b.data_notes.back() ==
        "1 of 4 candidates were excluded from the ranking (see their reasons): lightgbm.");
  CHECK(b.caveats.front().find("not a guarantee") != std::string::npos);
}

TEST_CASE("SettleSelection with every candidate failed", "[engine][selection]") {
  std::vector<CandidateBacktest> c(2);
  c[0] = {.model_type = "naive", .params = {}, .result = absl::InvalidArgumentError("short")};
  c[1] = {.model_type = "ses", .params = {}, .result = absl::CancelledError("cancelled")};
  Availability a = ReadyAvailability();
  a.status = AvailabilityStatus::kLimited;
  a.warnings = {"Calendar coverage is 70.0%: ..."};
  const SelectionOutcome o = SettleSelection({.candidates = c, .availability = a});
  CHECK(o.winner() == nullptr);
  CHECK_FALSE(o.chart_data.has_value());
  CHECK_FALSE(o.significance.has_value());
  CHECK(o.confidence.level == ConfidenceLevel::kLow);
  // One candidate was cancelled: the run was stopped, not every candidate's fault.
  CHECK(o.business_summary.headline ==
        "No model could be recommended: the run was cancelled (1 of 2 candidates did not "
        "finish) before any candidate produced a valid backtest.");
  c[1].result = absl::InvalidArgumentError("too short as well");
  CHECK(SettleSelection({.candidates = c, .availability = a}).business_summary.headline ==
        "No model could be recommended: none of the 2 candidates produced a valid backtest.");
  CHECK(SettleSelection({.candidates = std::span(c).first(1), .availability = a})
            .business_summary.headline ==
        "No model could be recommended: the only candidate did not produce a valid backtest.");
  CHECK_FALSE(o.business_summary.winner.has_value());
  CHECK(o.business_summary.confidence_reasons ==
        std::vector<std::string>{"no candidate produced a valid backtest"});
  CHECK(std::find(o.business_summary.data_notes.begin(), o.business_summary.data_notes.end(),
                  "Calendar coverage is 70.0%: ...") != o.business_summary.data_notes.end());
  CHECK(o.business_summary.caveats.size() == 1);
}

// Sales every `every` days for the first `sales_days` days, none after.
Series Intermittent(int n, int every, int sales_days) {
  Series s = Weekly(n);
  for (int i = 0; i < n; ++i) s.values[i] = (i < sales_days && i % every == 0) ? 3.0 : 0.0;
  return s;
}

TEST_CASE("An intermittent pair with a zero-sale fold still gets a champion",
          "[engine][selection]") {
  // 100 days, folds test days 30..99; the last fold (days 86..99) has no sales at all.
  const Series s = Intermittent(100, 4, 86);
  auto c = Candidates(s, {"naive", "seasonal_naive", "moving_average", "croston", "ses"});
  const SelectionOutcome o =
      SettleSelection({.candidates = c, .availability = ReadyAvailability()});
  REQUIRE(o.winner() != nullptr);
  CHECK(o.ranking.IncludedCount() == 5);
  CHECK(o.ranking.ranked_by == RankingMetric::kWape);
  // Pooled over every test point: sum|A - F| / sum|A| of all five folds.
  const BacktestResult& w = *c[static_cast<std::size_t>(o.winner()->input_index)].result;
  double err = 0, scale = 0;
  for (const FoldResult& f : w.folds) {
    for (std::size_t i = 0; i < f.actuals.size(); ++i) {
      err += std::fabs(f.actuals[i] - f.predictions[i]);
      scale += f.actuals[i];
    }
  }
  CHECK_THAT((*o.winner()->metrics)[Metric::kWape],
             Catch::Matchers::WithinRel(100.0 * err / scale, 1e-12));
  CHECK(std::isinf(w.folds.back().metrics[Metric::kWape]));  // The fold itself has no WAPE.
  CHECK(o.business_summary.headline.starts_with("Recommended model: "));
}

TEST_CASE("With no sales in any test day, candidates are ranked by MAE and the summary says so",
          "[engine][selection]") {
  const Series s = Intermittent(100, 3, 30);  // Sales only in the first training days.
  auto c = Candidates(s, {"naive", "moving_average", "croston", "ses"});
  const SelectionOutcome o =
      SettleSelection({.candidates = c, .availability = ReadyAvailability()});
  REQUIRE(o.winner() != nullptr);
  CHECK(o.ranking.metric == RankingMetric::kWape);
  CHECK(o.ranking.ranked_by == RankingMetric::kMae);
  CHECK(o.ranking.IncludedCount() == 4);
  for (int r = 1; r < o.ranking.IncludedCount(); ++r) {
    CHECK((*o.ranking.entries[r - 1].metrics)[Metric::kMae] <=
          (*o.ranking.entries[r].metrics)[Metric::kMae]);
  }
  CHECK(std::isinf((*o.winner()->metrics)[Metric::kWape]));
  const auto& caveats = o.business_summary.caveats;
  CHECK(std::find(caveats.begin(), caveats.end(),
                  "WAPE is undefined here: no test day of the backtest had any sales, so the "
                  "candidates are ranked by MAE instead.") != caveats.end());
  CHECK(o.business_summary.winner->summary.starts_with("WAPE undefined (no sales), sMAPE "));
  for (const std::string& reason : o.confidence.reasons) {
    CHECK(reason.find("WAPE") == std::string::npos);
    CHECK(reason.find("nan") == std::string::npos);
  }
}

TEST_CASE("SettleSelection is deterministic to the byte", "[engine][selection]") {
  const Series s = Weekly(120);
  const std::vector<std::string> types = {"naive",         "seasonal_naive", "xgboost",
                                          "random_forest", "prophet_like",   "ensemble"};
  std::string first;
  for (int run = 0; run < 2; ++run) {
    auto c = Candidates(s, types);
    CombineEnsembles(c, s.values, RankingMetric::kWape, {});
    const std::string rendered =
        Render(SettleSelection({.candidates = c, .availability = ReadyAvailability()}));
    if (run == 0) first = rendered;
    CHECK(rendered == first);
  }
  CHECK(first.find("ensemble") != std::string::npos);
}

TEST_CASE("Chart fold WAPE is 0 when a fold's actuals sum to 0", "[engine][charts]") {
  FoldResult f;
  f.actuals = {0, 0};
  f.predictions = {1, 2};
  f.metrics[Metric::kWape] = std::numeric_limits<double>::infinity();
  CHECK(ChartFoldWape(f) == 0.0);
  f.actuals = {1, 0};
  f.metrics[Metric::kWape] = 200.0;
  CHECK(ChartFoldWape(f) == 200.0);
}

TEST_CASE("Summary lines and lead texts", "[engine][explanation]") {
  RankedMetrics m;
  m[Metric::kWape] = 12.345;
  m[Metric::kSmape] = 14.06;
  m[Metric::kMae] = 2.345;
  m[Metric::kBias] = 0.1249;
  CHECK(MetricsSummaryLine(m) ==
        "WAPE 12.3%, sMAPE 14.1%, MAE 2.35 units, bias +0.12 units (tends to under-forecast)");
  m[Metric::kBias] = -0.004;
  CHECK(MetricsSummaryLine(m).ends_with("bias 0.00 units (no systematic over- or under-forecast)"));
  m[Metric::kBias] = -1.5;
  CHECK(MetricsSummaryLine(m).ends_with("bias -1.50 units (tends to over-forecast)"));

  std::vector<RankingCandidate> rc(2);
  rc[0].model_type = "ses";
  rc[1].model_type = "naive";
  for (RankingCandidate& x : rc) {
    x.metrics[Metric::kWape].value = 10;
    x.metrics[Metric::kSmape].value = 12;
    x.metrics[Metric::kMae].value = 1;
  }
  rc[1].metrics[Metric::kSmape].value = 11;
  const Ranking tie = RankCandidates(rc, RankingMetric::kWape, {});
  const BusinessSummary b =
      ExplainSelection(tie, AssessConfidence(tie, AvailabilityStatus::kReady, {}, std::nullopt),
                       ReadyAvailability(), {});
  REQUIRE(b.comparison.has_value());
  CHECK(b.comparison->lead_text ==
        "Naive (naive) and Simple exponential smoothing (ses) tie on WAPE (10.0%); the "
        "tie-breaks (WAPE, sMAPE, absolute bias, MAE, then name) rank naive first.");
  rc[1].metrics[Metric::kWape].value = 12.5;
  const Ranking lead = RankCandidates(rc, RankingMetric::kWape, {});
  const BusinessSummary l =
      ExplainSelection(lead, AssessConfidence(lead, AvailabilityStatus::kReady, {}, std::nullopt),
                       ReadyAvailability(), {});
  CHECK(l.comparison->lead_text ==
        "Simple exponential smoothing (ses) beats Naive (naive) on WAPE: 10.0% vs 12.5%, "
        "20.0% lower.");
  CHECK(l.headline ==
        "Recommended model: Simple exponential smoothing (ses), with high confidence.");

  // Coverage ranks by the distance from 80%, and the lead says so with the coverages.
  rc[0].metrics[Metric::kCoverage].value = 95;
  rc[1].metrics[Metric::kCoverage].value = 76;
  const Ranking covered = RankCandidates(rc, RankingMetric::kCoverage, {});
  const BusinessSummary c = ExplainSelection(
      covered, AssessConfidence(covered, AvailabilityStatus::kReady, {}, std::nullopt),
      ReadyAvailability(), {});
  CHECK(c.comparison->lead_text ==
        "Naive (naive) beats Simple exponential smoothing (ses) on 80% interval coverage: 76.0% "
        "vs 95.0%, closer to the nominal 80%.");
}

}  // namespace
}  // namespace champion::engine
