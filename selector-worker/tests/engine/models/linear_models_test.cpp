// Tests of the ridge models: trend_regression_baseline and prophet_like.

#include <catch2/catch.hpp>

#include "engine/backtest/backtest.h"
#include "engine/models/model_test_util.h"

namespace champion::engine {
namespace {

using V = std::vector<double>;

Series WeeklyTrend(int n) {
  Series s;
  for (int i = 0; i < n; ++i) {
    s.dates.push_back(absl::CivilDay(2024, 1, 1) + i);  // Starts on a Monday.
    s.values.push_back(50.0 + 0.2 * i + (i % 7 >= 5 ? 10.0 : 0.0));
    s.unit_prices.push_back(2.0);
    s.promo_active.push_back(false);
    s.is_holiday.push_back(false);
    s.imputed.push_back(false);
  }
  return s;
}

TEST_CASE("trend_regression_baseline learns trend and weekday effects",
          "[engine][models][trend_regression_baseline]") {
  const Series s = WeeklyTrend(84);
  absl::StatusOr<BacktestResult> r =
      RunBacktest(s, "trend_regression_baseline", {{"alpha", 0.0}, {"include_month", false}}, {},
                  NeverCancelled());
  REQUIRE(r.ok());
  CHECK(r->metrics[Metric::kWape].value < 0.5);
  CHECK_FALSE(testing::FitForecast("trend_regression_baseline", {}, V{1}, 1).ok());
}

TEST_CASE("prophet_like fits the feature frame additively", "[engine][models][prophet_like]") {
  const Series s = WeeklyTrend(120);
  absl::StatusOr<BacktestResult> r = RunBacktest(s, "prophet_like", {}, {}, NeverCancelled());
  REQUIRE(r.ok());
  CHECK(r->metrics[Metric::kWape].value < 3.0);
  SECTION("feature-aware backtests need 30 training points") {
    BacktestOptions o;
    o.split.min_train_size = 20;
    CHECK(RunBacktest(s, "prophet_like", {}, o, NeverCancelled()).status().message() ==
          "prophet_like is feature-aware and needs min_train_size >= 30, got 20");
  }
  SECTION("without a feature frame it fails clearly") {
    CHECK_FALSE(testing::FitForecast("prophet_like", {}, V(40, 1.0), 1).ok());
  }
}

}  // namespace
}  // namespace champion::engine
