#include "engine/backtest/backtest.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <memory>

#include "engine/backtest/intervals.h"
#include "engine/models/model.h"
#include "engine/models/model_catalog.h"

namespace champion::engine {
namespace {

Series WeeklySeries(int n) {
  Series s;
  for (int i = 0; i < n; ++i) {
    s.dates.push_back(absl::CivilDay(2024, 1, 1) + i);
    s.values.push_back(10.0 + (i % 7 == 5 || i % 7 == 6 ? 5.0 : 0.0));
    s.unit_prices.push_back(std::nullopt);
    s.promo_active.push_back(false);
    s.is_holiday.push_back(false);
    s.imputed.push_back(false);
  }
  return s;
}

TEST_CASE("Backtest runs every fold of a candidate", "[engine][backtest]") {
  const Series s = WeeklySeries(120);
  std::vector<std::pair<int, int>> progress;
  BacktestOptions o;
  o.on_fold_done = [&](int done, int total) { progress.emplace_back(done, total); };
  absl::StatusOr<BacktestResult> r = RunBacktest(s, "seasonal_naive", {}, o, NeverCancelled());
  REQUIRE(r.ok());
  REQUIRE(r->folds.size() == 5);
  CHECK(r->folds[0].fold.test_begin == 30);
  CHECK(r->folds[0].dates.front() == absl::CivilDay(2024, 1, 31));
  CHECK(r->folds[0].train_from == absl::CivilDay(2024, 1, 1));
  CHECK(r->folds[0].train_to == absl::CivilDay(2024, 1, 30));
  for (const FoldResult& f : r->folds) {
    CHECK(f.train_from == s.dates[f.fold.train_begin]);
    CHECK(f.train_to == s.dates[f.fold.train_end - 1]);
  }
  CHECK(r->metrics[Metric::kWape].value == 0.0);  // A weekly pattern is exact for seasonal naive.
  CHECK(r->metrics.sample_size == 70);
  CHECK(r->params.at("season_length") == ParamValue(7.0));
  CHECK(progress == std::vector<std::pair<int, int>>{{1, 5}, {2, 5}, {3, 5}, {4, 5}, {5, 5}});
  CHECK(PooledErrors(*r).size() == 70);
}

TEST_CASE("Backtest with a gap forecasts past it", "[engine][backtest]") {
  BacktestOptions o;
  o.split.gap = 3;
  absl::StatusOr<BacktestResult> r =
      RunBacktest(WeeklySeries(120), "seasonal_naive", {}, o, NeverCancelled());
  REQUIRE(r.ok());
  CHECK(r->metrics[Metric::kWape].value == 0.0);
  CHECK(r->folds[0].predictions.size() == 14);
  CHECK(r->folds[0].fold.test_begin == 33);
  CHECK(r->folds[0].train_to == absl::CivilDay(2024, 1, 30));  // The gap's days are not trained on.
  CHECK(r->folds[0].dates.front() == absl::CivilDay(2024, 2, 3));
}

TEST_CASE("Backtest fails the candidate, not the caller", "[engine][backtest]") {
  const Series s = WeeklySeries(120);
  CHECK(RunBacktest(s, "moving_average", {{"window_size", 0.0}}, {}, NeverCancelled())
            .status()
            .code() == absl::StatusCode::kInvalidArgument);
  CHECK(RunBacktest(s, "lightgbm", {}, {}, NeverCancelled()).status().code() ==
        absl::StatusCode::kUnimplemented);
  CHECK(RunBacktest(WeeklySeries(20), "naive", {}, {}, NeverCancelled()).status().message() ==
        "series has 20 points but needs at least 44 (min_train_size 30 + gap 0 + horizon 14)");
  CHECK_FALSE(RunBacktest(s, "ensemble", {}, {}, NeverCancelled()).ok());
}

TEST_CASE("Backtest stops when cancelled", "[engine][backtest]") {
  CancelToken token;
  BacktestOptions o;
  o.on_fold_done = [&](int done, int) {
    if (done == 2) token.Cancel();
  };
  absl::StatusOr<BacktestResult> r = RunBacktest(WeeklySeries(120), "naive", {}, o, token);
  CHECK(r.status().code() == absl::StatusCode::kCancelled);
}

TEST_CASE("Backtest is deterministic", "[engine][backtest]") {
  const Series s = WeeklySeries(150);
  absl::StatusOr<BacktestResult> a = RunBacktest(s, "seasonal_average", {}, {}, NeverCancelled());
  absl::StatusOr<BacktestResult> b = RunBacktest(s, "seasonal_average", {}, {}, NeverCancelled());
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  for (std::size_t i = 0; i < a->folds.size(); ++i) {
    CHECK(a->folds[i].predictions == b->folds[i].predictions);
  }
}

TEST_CASE("Backtest continues each fold from the previous fold's model", "[engine][backtest]") {
  Series s = WeeklySeries(120);
  for (int i = 0; i < 120; ++i) s.values[i] += 0.05 * i + 0.7 * std::sin(1.3 * i);
  const absl::StatusOr<BacktestResult> r = RunBacktest(s, "auto_ets", {}, {}, NeverCancelled());
  REQUIRE(r.ok());
  REQUIRE(r->folds.size() == 5);
  // The same chain by hand: fold k's model continues from fold k-1's fitted model.
  const Params params = *ValidateParams("auto_ets", {});
  std::unique_ptr<Forecaster> previous;
  bool differs_from_cold = false;
  for (const FoldResult& f : r->folds) {
    const std::span<const double> y(s.values.data(), f.fold.train_end);
    const std::span<const absl::CivilDay> days(s.dates.data(), f.fold.train_end);
    const std::span<const absl::CivilDay> ahead(s.dates.data() + f.fold.train_end, 14);
    std::unique_ptr<Forecaster> model = *CreateForecaster("auto_ets", params);
    if (previous) model->ContinueFrom(*previous);
    REQUIRE(model->Fit({.y = y, .dates = days}, NeverCancelled()).ok());
    CHECK(*model->Forecast({.dates = ahead}, NeverCancelled()) == f.predictions);
    std::unique_ptr<Forecaster> cold = *CreateForecaster("auto_ets", params);
    REQUIRE(cold->Fit({.y = y, .dates = days}, NeverCancelled()).ok());
    differs_from_cold |= *cold->Forecast({.dates = ahead}, NeverCancelled()) != f.predictions;
    previous = std::move(model);
  }
  CHECK(differs_from_cold);  // Continuing is observable, so the check above means something.
}

TEST_CASE("Sliding folds start afresh", "[engine][backtest]") {
  Series s = WeeklySeries(120);
  for (int i = 0; i < 120; ++i) s.values[i] += 0.05 * i + 0.7 * std::sin(1.3 * i);
  BacktestOptions o;
  o.split.strategy = SplitStrategy::kSliding;
  const absl::StatusOr<BacktestResult> r = RunBacktest(s, "auto_ets", {}, o, NeverCancelled());
  REQUIRE(r.ok());
  REQUIRE(r->folds.size() == 5);
  REQUIRE(r->folds[1].fold.train_begin > r->folds[0].fold.train_begin);  // The window moves.
  // Each fold equals a fit of its own window, with nothing carried over.
  const Params params = *ValidateParams("auto_ets", {});
  for (const FoldResult& f : r->folds) {
    const int n = f.fold.train_end - f.fold.train_begin;
    const std::span<const double> y(s.values.data() + f.fold.train_begin, n);
    const std::span<const absl::CivilDay> days(s.dates.data() + f.fold.train_begin, n);
    const std::span<const absl::CivilDay> ahead(s.dates.data() + f.fold.train_end, 14);
    std::unique_ptr<Forecaster> cold = *CreateForecaster("auto_ets", params);
    REQUIRE(cold->Fit({.y = y, .dates = days}, NeverCancelled()).ok());
    CHECK(*cold->Forecast({.dates = ahead}, NeverCancelled()) == f.predictions);
  }
}

// A weekly pattern with noise: every model misses a little.
Series NoisySeries(int n) {
  Series s = WeeklySeries(n);
  for (int i = 0; i < n; ++i) s.values[i] += (i * 7919 % 13) / 4.0;
  return s;
}

TEST_CASE("Backtest judges each fold's interval: the model's own where it has one",
          "[engine][backtest][intervals]") {
  const Series s = NoisySeries(120);
  absl::StatusOr<BacktestResult> ets = RunBacktest(s, "auto_ets", {}, {}, NeverCancelled());
  REQUIRE(ets.ok());
  for (const FoldResult& f : ets->folds) {
    REQUIRE(f.lower.size() == f.actuals.size());
    REQUIRE(f.upper.size() == f.actuals.size());
    for (std::size_t i = 0; i < f.actuals.size(); ++i) {
      CHECK(f.lower[i] <= f.predictions[i]);
      CHECK(f.predictions[i] <= f.upper[i]);
    }
    CHECK(f.metrics[Metric::kCoverage] >= 0.0);
  }
  CHECK(std::isfinite(ets->metrics[Metric::kCoverage].value));
  CHECK(std::isfinite(ets->metrics[Metric::kMsis].value));
  // The model's own interval needs no other fold: a single fold has one too.
  BacktestOptions one_fold;
  one_fold.split.n_splits = 1;
  absl::StatusOr<BacktestResult> single =
      RunBacktest(s, "auto_ets", {}, one_fold, NeverCancelled());
  REQUIRE(single.ok());
  REQUIRE(single->folds.size() == 1);
  CHECK(single->folds[0].lower.size() == single->folds[0].actuals.size());
  CHECK(std::isfinite(single->metrics[Metric::kCoverage].value));
}

TEST_CASE("Backtest gives other models each fold's interval from the other folds' errors",
          "[engine][backtest][intervals]") {
  const Series s = NoisySeries(120);
  absl::StatusOr<BacktestResult> r = RunBacktest(s, "naive", {}, {}, NeverCancelled());
  REQUIRE(r.ok());
  REQUIRE(r->folds.size() == 5);
  for (std::size_t k = 0; k < r->folds.size(); ++k) {
    const FoldResult& f = r->folds[k];
    REQUIRE(f.lower.size() == f.actuals.size());
    std::vector<FoldResult> others = r->folds;
    others.erase(others.begin() + static_cast<long>(k));
    absl::StatusOr<ForecastQuantiles> q =
        ConformalQuantiles(others, f.predictions, kIntervalLevels);
    REQUIRE(q.ok());
    CHECK(f.lower == q->values[0]);
    CHECK(f.upper == q->values[1]);
  }
  CHECK(std::isfinite(r->metrics[Metric::kCoverage].value));
  CHECK(r->metrics[Metric::kCoverage].value <= 100.0);

  BacktestOptions one_fold;
  one_fold.split.n_splits = 1;
  absl::StatusOr<BacktestResult> single = RunBacktest(s, "naive", {}, one_fold, NeverCancelled());
  REQUIRE(single.ok());
  CHECK(single->folds[0].lower.empty());  // No other fold to learn the interval from.
  CHECK(std::isnan(single->metrics[Metric::kCoverage].value));
  CHECK(std::isfinite(single->metrics[Metric::kMae].value));
}

}  // namespace
}  // namespace champion::engine
