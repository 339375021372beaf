#include "engine/backtest/intervals.h"

#include <catch2/catch.hpp>

namespace champion::engine {
namespace {

using Catch::Matchers::WithinAbs;

// Folds whose errors (actual - forecast) at step h are errors[fold][h].
BacktestResult WithErrors(const std::vector<std::vector<double>>& errors) {
  BacktestResult r;
  for (const auto& fold : errors) {
    FoldResult f;
    for (double e : fold) {
      f.predictions.push_back(100.0);
      f.actuals.push_back(100.0 + e);
    }
    r.folds.push_back(f);
  }
  return r;
}

TEST_CASE("Conformal quantiles add each step's backtest error quantiles to the forecast",
          "[engine][intervals]") {
  // Step 0 missed by -2..2, step 1 by -20..20 (five folds each).
  const BacktestResult b = WithErrors({{-2, -20}, {-1, -10}, {0, 0}, {1, 10}, {2, 20}});
  const std::vector<double> point = {50, 50};
  const std::vector<double> levels = {0.1, 0.5, 0.9};
  absl::StatusOr<ForecastQuantiles> q = ConformalQuantiles(b, point, levels, /*min_errors=*/5);
  REQUIRE(q.ok());
  REQUIRE(q->values.size() == 3);
  // Type 7 on {-2, -1, 0, 1, 2}: P10 at position 0.4 -> -1.6.
  CHECK_THAT(q->values[0][0], WithinAbs(48.4, 1e-12));
  CHECK_THAT(q->values[1][0], WithinAbs(50.0, 1e-12));
  CHECK_THAT(q->values[2][0], WithinAbs(51.6, 1e-12));
  // The later step missed by more, so its interval is wider.
  CHECK_THAT(q->values[0][1], WithinAbs(34.0, 1e-12));
  CHECK_THAT(q->values[2][1], WithinAbs(66.0, 1e-12));
}

TEST_CASE("Steps pool their neighbours' errors until there are enough", "[engine][intervals]") {
  const BacktestResult b = WithErrors({{-2, -20}, {-1, -10}, {0, 0}, {1, 10}, {2, 20}});
  const std::vector<double> point = {50, 50, 50};
  const std::vector<double> levels = {0.5, 0.9};
  // Ten errors needed: both steps pool, so they share one interval; a step past the test
  // length uses the last step's pool.
  absl::StatusOr<ForecastQuantiles> q = ConformalQuantiles(b, point, levels, 10);
  REQUIRE(q.ok());
  CHECK(q->values[1][0] == q->values[1][1]);
  CHECK(q->values[1][2] == q->values[1][1]);
  // Pooled {-20..20, -2..2}: P90 at position 8.1 of 10 sorted -> 10 + 0.1 * 10 = 11.
  CHECK_THAT(q->values[1][0], WithinAbs(61.0, 1e-12));
}

TEST_CASE("Quantiles never go below zero demand and never cross", "[engine][intervals]") {
  const BacktestResult b = WithErrors({{-9, 3}, {-6, 1}, {-3, -8}, {4, 2}});
  const std::vector<double> point = {1, 2};
  const std::vector<double> levels = {0.05, 0.25, 0.5, 0.75, 0.95};
  absl::StatusOr<ForecastQuantiles> q = ConformalQuantiles(b, point, levels, 1);
  REQUIRE(q.ok());
  for (std::size_t h = 0; h < point.size(); ++h) {
    for (std::size_t l = 0; l < levels.size(); ++l) {
      CHECK(q->values[l][h] >= 0.0);
      if (l > 0) CHECK(q->values[l][h] >= q->values[l - 1][h]);
    }
  }
  CHECK(q->values[0][0] == 0.0);
}

TEST_CASE("Conformal quantiles reject bad levels and empty backtests", "[engine][intervals]") {
  const BacktestResult b = WithErrors({{1}, {2}});
  const std::vector<double> point = {5};
  for (const std::vector<double>& bad :
       std::vector<std::vector<double>>{{0.0, 0.5}, {0.5, 1.0}, {0.9, 0.1}, {0.5, 0.5}}) {
    CHECK(ConformalQuantiles(b, point, bad).status().code() == absl::StatusCode::kInvalidArgument);
  }
  const std::vector<double> median = {0.5};
  CHECK(ConformalQuantiles(b, point, median, 0).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(ConformalQuantiles(BacktestResult{}, point, median).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace champion::engine
