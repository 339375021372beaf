// auto_arima end to end against R's forecast::auto.arima(train) on the series of
// tools/r-reference: the model chooses the differences itself (seasonal strength, then KPSS)
// and searches the orders; the bar is R's order on >= 80% of the series and a median
// hold-out MASE ratio to R <= 1.02.

#include "engine/models/auto_arima.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/backtest/metrics.h"
#include "engine/models/model_catalog.h"
#include "engine/models/model_test_util.h"
#include "engine/models/reference_data.h"

namespace champion::engine {
namespace {

using testing::Days;
using testing::ReadExpected;
using testing::ReadSeries;
using testing::ReferenceExpected;
using testing::ReferenceNames;
using testing::ReferenceSeries;

TEST_CASE("auto_arima chooses R's auto.arima model and forecasts as well",
          "[engine][reference][auto_arima]") {
  int same_order = 0;
  int total = 0;
  std::vector<double> ratios;
  for (const std::string& name : ReferenceNames()) {
    const ReferenceSeries s = ReadSeries(name);
    const ReferenceExpected e = ReadExpected(name);
    INFO(name);
    const std::vector<double> train = s.Train();
    AutoArimaModel model(s.frequency);
    REQUIRE(model.Fit({.y = train, .dates = Days(static_cast<int>(train.size()))}, NeverCancelled())
                .ok());
    REQUIRE(model.fit().has_value());
    const arima::ArimaSpec& ours = model.fit()->spec;
    const std::vector<double> r = e.Numbers("auto_arima.order");
    const std::vector<int> r_order(r.begin(), r.begin() + 6);
    const std::vector<int> our_order = {ours.p,          ours.d,          ours.q,
                                        ours.seasonal_p, ours.seasonal_d, ours.seasonal_q};
    const bool same = our_order == r_order &&
                      ours.HasMean() == (e.Number("auto_arima.constant") == 1) &&
                      ours.include_drift == (e.Number("auto_arima.drift") == 1);
    same_order += same;
    ++total;
    const absl::StatusOr<std::vector<double>> f = model.Forecast(
        {.dates = Days(s.horizon, static_cast<int>(train.size()))}, NeverCancelled());
    REQUIRE(f.ok());
    const double mase = *Mase(s.Test(), *f, train, s.frequency);
    ratios.push_back(mase / e.Number("auto_arima.mase"));
    if (!same) std::printf("auto_arima %s: another order than R's\n", name.c_str());
  }
  std::sort(ratios.begin(), ratios.end());
  const double median = ratios[ratios.size() / 2];
  std::printf("auto_arima: R's order on %d of %d series; median hold-out MASE ratio %.4f\n",
              same_order, total, median);
  CHECK(same_order * 10 >= total * 8);
  CHECK(median <= 1.02);
}

TEST_CASE("auto_arima forecasts a constant series as that value", "[engine][auto_arima]") {
  const std::vector<double> y(40, 5.0);
  AutoArimaModel model(7);
  REQUIRE(model.Fit({.y = y, .dates = Days(40)}, NeverCancelled()).ok());
  CHECK_FALSE(model.fit().has_value());
  CHECK(*model.Forecast({.dates = Days(3, 40)}, NeverCancelled()) == std::vector<double>(3, 5.0));
  const std::vector<double> levels = {0.1, 0.9};
  auto q = model.Quantiles({.dates = Days(3, 40)}, levels, NeverCancelled());
  REQUIRE(q.ok());
  CHECK((*q)->values[0] == (*q)->values[1]);
}

TEST_CASE("auto_arima on daily demand: weekly terms, bands that widen, cancellation",
          "[engine][auto_arima]") {
  std::vector<double> y;
  for (int t = 0; t < 200; ++t) {
    y.push_back(50.0 + 10.0 * (t % 7 == 5 || t % 7 == 6) + 0.05 * t + ((t * 7919) % 11) - 5.0);
  }
  AutoArimaModel model(7);
  REQUIRE(model.Fit({.y = y, .dates = Days(200)}, NeverCancelled()).ok());
  const arima::ArimaSpec& spec = model.fit()->spec;
  CHECK(spec.period == 7);
  CHECK(spec.seasonal_p + spec.seasonal_d + spec.seasonal_q > 0);  // The weekend pattern.
  const std::vector<double> levels = {0.1, 0.5, 0.9};
  auto q = model.Quantiles({.dates = Days(14, 200)}, levels, NeverCancelled());
  REQUIRE(q.ok());
  const auto& v = (*q)->values;
  for (int h = 0; h < 14; ++h) {
    CHECK(v[0][h] < v[1][h]);
    CHECK(v[1][h] < v[2][h]);
  }
  CHECK(v[2][13] - v[0][13] >= v[2][0] - v[0][0]);

  CancelToken cancelled;
  cancelled.Cancel();
  AutoArimaModel again(7);
  CHECK(again.Fit({.y = y, .dates = Days(200)}, cancelled).code() == absl::StatusCode::kCancelled);
}

TEST_CASE("auto_arima is in the catalog with its season length, preselected for every pair",
          "[engine][auto_arima]") {
  absl::StatusOr<const ModelInfo*> info = FindModel("auto_arima");
  REQUIRE(info.ok());
  CHECK((*info)->family == ModelFamily::kStatistical);
  CHECK((*info)->available);
  const std::vector<std::string> defaults = DefaultCandidateModelTypes();
  CHECK(std::find(defaults.begin(), defaults.end(), "auto_arima") != defaults.end());
  CHECK(ValidateParams("auto_arima", {{"season_length", 0.0}}).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace champion::engine
