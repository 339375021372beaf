// The champion's refit and forecast, alone and as an ensemble of refit members.

#include "runs/final_model.h"

#include <catch2/catch.hpp>
#include <vector>

#include "engine/backtest/intervals.h"
#include "engine/selection/ensemble.h"
#include "engine/series/series.h"

namespace champion::runs {
namespace {

// 120 days of a weekly pattern with a little trend.
engine::Series WeeklySeries() {
  std::vector<engine::SalesRow> rows;
  for (int i = 0; i < 120; ++i) {
    rows.push_back({.date = absl::CivilDay(2024, 1, 1) + i,
                    .quantity = 20.0 + 6.0 * ((i % 7) == 5) + 0.05 * i + (i % 3)});
  }
  return *engine::PrepareSeries(rows,
                                {.start_date = rows.front().date, .end_date = rows.back().date});
}

engine::CandidateBacktest Backtested(const engine::Series& series, const std::string& type,
                                     engine::Params params = {}) {
  engine::CandidateBacktest c{type, params};
  engine::BacktestOptions options;
  options.split.horizon = 7;
  c.result = engine::RunBacktest(series, type, params, options, engine::NeverCancelled());
  REQUIRE(c.result.ok());
  return c;
}

engine::RankingEntry Entry(const engine::CandidateBacktest& c) {
  engine::RankingEntry e;
  e.model_type = c.model_type;
  e.params = c.params;
  return e;
}

TEST_CASE("The champion is refit and forecast with ordered quantiles around it", "[runs]") {
  const engine::Series series = WeeklySeries();
  const auto naive = Backtested(series, "seasonal_naive", {{"season_length", 7.0}});
  auto champion = FitChampion(series, Entry(naive), *naive.result, {}, 7,
                              engine::kDefaultQuantileLevels, engine::NeverCancelled());
  REQUIRE(champion.ok());
  auto plain = FitFinalModel(series, Entry(naive), 7, engine::NeverCancelled());
  REQUIRE(plain.ok());
  CHECK(champion->forecast_values == plain->forecast_values);
  CHECK(champion->forecast_dates.front() == absl::CivilDay(2024, 4, 30));
  CHECK(champion->interval_method == "conformal");
  REQUIRE(champion->forecast_quantiles.size() == 3);
  for (int h = 0; h < 7; ++h) {
    CHECK(champion->forecast_quantiles[0][h] <= champion->forecast_quantiles[2][h]);
  }
  CHECK_FALSE(FitChampion(series, Entry(naive), *naive.result, {}, 0,
                          engine::kDefaultQuantileLevels, engine::NeverCancelled())
                  .ok());
}

TEST_CASE("An ensemble champion combines its members' refit forecasts day by day", "[runs]") {
  const engine::Series series = WeeklySeries();
  std::vector<engine::CandidateBacktest> candidates = {
      Backtested(series, "naive"), Backtested(series, "seasonal_naive", {{"season_length", 7.0}}),
      Backtested(series, "moving_average", {{"window_size", 7.0}})};
  engine::CandidateBacktest ensemble{
      "ensemble",
      {{"members", std::vector<std::string>{"naive", "seasonal_naive", "moving_average"}},
       {"combine", std::string("mean")}}};
  ensemble.result = engine::CombineEnsemble(ensemble.params, candidates, series.values,
                                            engine::RankingMetric::kWape, {});
  REQUIRE(ensemble.result.ok());
  candidates.push_back(ensemble);
  auto champion = FitChampion(series, Entry(ensemble), *ensemble.result, candidates, 7,
                              engine::kDefaultQuantileLevels, engine::NeverCancelled());
  REQUIRE(champion.ok());
  CHECK(champion->model_type == "ensemble");
  REQUIRE(champion->forecast_values.size() == 7);
  std::vector<std::vector<double>> members;
  for (int m = 0; m < 3; ++m) {
    auto fitted = FitFinalModel(series, Entry(candidates[m]), 7, engine::NeverCancelled());
    REQUIRE(fitted.ok());
    members.push_back(fitted->forecast_values);
  }
  for (int h = 0; h < 7; ++h) {
    CHECK(champion->forecast_values[h] ==
          Approx((members[0][h] + members[1][h] + members[2][h]) / 3.0));
  }
  CHECK(champion->forecast_quantiles.size() == 3);
  // A member missing from the candidates cannot be refit.
  const std::vector<engine::CandidateBacktest> without_naive(candidates.begin() + 1,
                                                             candidates.end());
  CHECK(FitChampion(series, Entry(ensemble), *ensemble.result, without_naive, 7,
                    engine::kDefaultQuantileLevels, engine::NeverCancelled())
            .status()
            .code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("A champion with its own predictive distribution forecasts with it", "[runs]") {
  const engine::Series series = WeeklySeries();
  const auto ets = Backtested(series, "auto_ets");
  const std::vector<double> levels = {0.05, 0.5, 0.95};
  auto champion =
      FitChampion(series, Entry(ets), *ets.result, {}, 7, levels, engine::NeverCancelled());
  REQUIRE(champion.ok());
  CHECK(champion->interval_method == "model");
  CHECK(champion->quantile_levels == levels);
  REQUIRE(champion->forecast_quantiles.size() == 3);
  // Not the conformal band: the model's own, widening with the horizon.
  auto conformal = engine::ConformalQuantiles(*ets.result, champion->forecast_values, levels);
  REQUIRE(conformal.ok());
  CHECK(champion->forecast_quantiles != conformal->values);
  const auto& q = champion->forecast_quantiles;
  for (int h = 0; h < 7; ++h) {
    CHECK(q[0][h] < q[1][h]);
    CHECK(q[1][h] < q[2][h]);
  }
  CHECK(q[2][6] - q[0][6] >= q[2][0] - q[0][0]);
}

}  // namespace
}  // namespace champion::runs
