// Tests of the XGBoost tree models: regression, random_forest, xgboost
// (engine/models/tree_models.h, engine/models/xgb_handle.h).

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include "engine/backtest/backtest.h"
#include "engine/models/model_catalog.h"
#include "engine/models/model_test_util.h"
#include "engine/models/tree_models.h"
#include "engine/series/features.h"

namespace champion::engine {
namespace {

// Weekly pattern, a mild trend and a promotion uplift every 10th day.
Series RetailSeries(int n) {
  Series s;
  for (int i = 0; i < n; ++i) {
    s.dates.push_back(absl::CivilDay(2024, 1, 1) + i);  // Starts on a Monday.
    const bool promo = i % 10 == 3;
    s.values.push_back(40.0 + 0.05 * i + (i % 7 >= 5 ? 12.0 : 0.0) + (promo ? 15.0 : 0.0));
    s.unit_prices.push_back(promo ? 1.6 : 2.0);
    s.promo_active.push_back(promo);
    s.is_holiday.push_back(false);
    s.imputed.push_back(false);
  }
  return s;
}

const char* const kTreeModels[] = {"regression", "random_forest", "xgboost"};

TEST_CASE("Tree models learn weekday and promotion effects", "[engine][models][xgboost]") {
  const Series s = RetailSeries(150);
  for (const char* type : kTreeModels) {
    INFO(type);
    absl::StatusOr<BacktestResult> r = RunBacktest(s, type, {}, {}, NeverCancelled());
    REQUIRE(r.ok());
    CHECK(r->folds.size() == 5);
    CHECK(r->metrics[Metric::kWape].value < 8.0);
    absl::StatusOr<BacktestResult> naive = RunBacktest(s, "naive", {}, {}, NeverCancelled());
    CHECK(r->metrics[Metric::kWape].value < naive->metrics[Metric::kWape].value / 2);
  }
}

TEST_CASE("Tree models are deterministic to the bit", "[engine][models][xgboost]") {
  const Series s = RetailSeries(120);
  for (const char* type : kTreeModels) {
    INFO(type);
    absl::StatusOr<BacktestResult> a = RunBacktest(s, type, {}, {}, NeverCancelled());
    absl::StatusOr<BacktestResult> b = RunBacktest(s, type, {}, {}, NeverCancelled());
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    for (std::size_t f = 0; f < a->folds.size(); ++f) {
      CHECK(a->folds[f].predictions == b->folds[f].predictions);
    }
  }
}

TEST_CASE("Tree models never see the test window's targets", "[engine][models][xgboost]") {
  // n = 50 with the default split: one fold, train [0, 30), test [30, 44). Rewriting every
  // target from day 30 on must not change a single forecast.
  const Series s = RetailSeries(50);
  Series changed = s;
  for (int i = 30; i < changed.size(); ++i) changed.values[i] = 1000.0 + 37.0 * i;
  for (const char* type : kTreeModels) {
    INFO(type);
    absl::StatusOr<BacktestResult> a = RunBacktest(s, type, {}, {}, NeverCancelled());
    absl::StatusOr<BacktestResult> b = RunBacktest(changed, type, {}, {}, NeverCancelled());
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(a->folds.size() == 1);
    CHECK(a->folds[0].predictions == b->folds[0].predictions);
    CHECK(a->folds[0].actuals != b->folds[0].actuals);
  }
  SECTION("the forecast frame fills a lag only from training days") {
    const FeatureFrame ahead = BuildFeatureFrame(s, 30, 44, 30);
    CHECK(ahead.values(0, 0) == s.values[29]);   // lag_1 of the first test day.
    CHECK(std::isnan(ahead.values(1, 0)));       // lag_1 of the second: a test day.
    CHECK(ahead.values(6, 1) == s.values[29]);   // lag_7 of day 36 is day 29.
    CHECK(std::isnan(ahead.values(7, 1)));       // lag_7 of day 37 is day 30.
    CHECK(ahead.values(13, 3) == s.values[15]);  // lag_28 of day 43.
  }
}

TEST_CASE("Training rows are stacked with every horizon's lag mask", "[engine][models][xgboost]") {
  Eigen::MatrixXd x = Eigen::MatrixXd::Constant(2, 6, 1.0);
  const Eigen::MatrixXd m = HorizonMaskedRows(x);
  REQUIRE(m.rows() == 2 * kLagMaskPatterns);
  for (int p = 0; p < kLagMaskPatterns; ++p) {
    for (int c = 0; c < 6; ++c) {
      INFO("pattern " << p << " column " << c);
      CHECK(std::isnan(m(2 * p + 1, c)) == (c < p && c < 4));
    }
  }
}

TEST_CASE("regression encodes missing lags below every quantity", "[engine][models][xgboost]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Eigen::MatrixXd x = Eigen::MatrixXd::Constant(2, 6, 3.0);
  x(0, 0) = nan;
  x(1, 3) = nan;
  x(1, 5) = nan;  // not a lag column: left alone
  const Eigen::MatrixXd e = EncodeMissingLags(x, kRegressionMissingLag);
  CHECK(e(0, 0) == -1.0);
  CHECK(e(1, 3) == -1.0);
  CHECK(std::isnan(e(1, 5)));
  CHECK(e(1, 0) == 3.0);
  CHECK(e(0, 3) == 3.0);
}

// regression fitted on the first `days` days of s, forecasting the next 14.
std::vector<double> RegressionForecast(const Series& s, int days) {
  std::unique_ptr<Forecaster> model =
      *CreateForecaster("regression", *ValidateParams("regression", {}));
  const FeatureFrame train = BuildFeatureFrame(s, 0, days, days);
  const FeatureFrame ahead = BuildFeatureFrame(s, days, days + 14, days);
  const std::span<const double> y(s.values.data(), days);
  const std::span<const absl::CivilDay> dates(s.dates.data(), days);
  REQUIRE(model->Fit({.y = y, .dates = dates, .features = &train}, NeverCancelled()).ok());
  return *model->Forecast({.dates = {s.dates.data() + days, 14}, .features = &ahead},
                          NeverCancelled());
}

TEST_CASE("regression keeps at least 20 training days in a leaf", "[engine][models][xgboost]") {
  const Series s = RetailSeries(100);
  // 39 days cannot be split into two leaves of 20: every tree is a single leaf and the
  // forecast is the training mean (XGBoost computes in float).
  const int few = 2 * kRegressionMinDaysPerLeaf - 1;
  double mean = 0.0;
  for (int i = 0; i < few; ++i) mean += s.values[i] / few;
  for (double v : RegressionForecast(s, few)) CHECK_THAT(v, Catch::Matchers::WithinRel(mean, 1e-6));
  // 80 days hold 23 weekend days: the weekend effect shows.
  const std::vector<double> split = RegressionForecast(s, 80);
  CHECK(*std::max_element(split.begin(), split.end()) -
            *std::min_element(split.begin(), split.end()) >
        5.0);
}

TEST_CASE("Tree model params map onto XGBoost", "[engine][models][xgboost]") {
  const Series s = RetailSeries(80);
  SECTION("random_forest with unlimited depth and large leaves") {
    absl::StatusOr<BacktestResult> r = RunBacktest(
        s, "random_forest",
        {{"max_depth", std::monostate{}}, {"min_samples_leaf", 5.0}, {"n_estimators", 25.0}}, {},
        NeverCancelled());
    REQUIRE(r.ok());
    CHECK(std::isfinite(r->metrics[Metric::kWape].value));
  }
  SECTION("a stump booster still fits") {
    absl::StatusOr<BacktestResult> r = RunBacktest(
        s, "xgboost", {{"max_depth", 1.0}, {"n_estimators", 10.0}}, {}, NeverCancelled());
    REQUIRE(r.ok());
    CHECK(std::isfinite(r->metrics[Metric::kWape].value));
  }
  SECTION("bad params fail the candidate") {
    CHECK(RunBacktest(s, "regression", {{"max_iter", 5.0}}, {}, NeverCancelled()).status().code() ==
          absl::StatusCode::kInvalidArgument);
  }
  SECTION("feature-aware backtests need 30 training points") {
    BacktestOptions o;
    o.split.min_train_size = 29;
    CHECK(RunBacktest(s, "xgboost", {}, o, NeverCancelled()).status().message() ==
          "xgboost is feature-aware and needs min_train_size >= 30, got 29");
  }
  SECTION("without a feature frame the fit fails clearly") {
    CHECK(testing::FitForecast("regression", {}, std::vector<double>(40, 1.0), 1)
              .status()
              .message() == "regression needs a feature frame aligned with y");
  }
}

TEST_CASE("Tree models stop when cancelled", "[engine][models][xgboost][cancel]") {
  const Series s = RetailSeries(120);
  SECTION("a token set before the call") {
    CancelToken token;
    token.Cancel();
    for (const char* type : kTreeModels) {
      CHECK(RunBacktest(s, type, {}, {}, token).status().code() == absl::StatusCode::kCancelled);
    }
  }
  SECTION("a token flipped mid-boosting from another thread") {
    // 1000 rounds / 500 trees on 3000 rows take seconds; the cancel lands after 30 ms.
    const Series big = RetailSeries(3000);
    const std::pair<const char*, Params> cases[] = {
        {"regression", {{"max_iter", 1000.0}, {"max_depth", 8.0}}},
        {"random_forest", {{"n_estimators", 500.0}, {"max_depth", std::monostate{}}}}};
    for (const auto& [type, params] : cases) {
      INFO(type);
      CancelToken token;
      BacktestOptions o;
      o.split.n_splits = 2;
      std::thread canceller([&token] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        token.Cancel();
      });
      const auto start = std::chrono::steady_clock::now();
      absl::StatusOr<BacktestResult> r = RunBacktest(big, type, params, o, token);
      const auto elapsed = std::chrono::steady_clock::now() - start;
      canceller.join();
      CHECK(r.status().code() == absl::StatusCode::kCancelled);
      CHECK(elapsed < std::chrono::milliseconds(1000));
    }
  }
}

}  // namespace
}  // namespace champion::engine
