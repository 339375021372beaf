// Calibration of the models' own prediction intervals on the R-shipped reference series
// (tools/r-reference): fitted on each series' training part, how many of the held-out points
// fall inside the 80% interval (P10 to P90). Well-calibrated intervals cover about 80%
// overall; the test accepts 70% to 90%.

#include <catch2/catch.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "engine/models/auto_arima.h"
#include "engine/models/auto_ets.h"
#include "engine/models/model_test_util.h"
#include "engine/models/reference_data.h"
#include "engine/models/theta.h"

namespace champion::engine {
namespace {

using testing::Days;
using testing::ReadSeries;
using testing::ReferenceNames;
using testing::ReferenceSeries;

struct Tally {
  int inside = 0;
  int points = 0;
  double Percent() const { return 100.0 * inside / points; }
};

// Adds `model`'s held-out points inside its 80% interval on `s` to `tally`.
void Count(Forecaster& model, const ReferenceSeries& s, Tally& tally) {
  const std::vector<double> train = s.Train();
  const std::vector<double> test = s.Test();
  const std::vector<absl::CivilDay> train_days = Days(static_cast<int>(train.size()));
  const std::vector<absl::CivilDay> ahead = Days(s.horizon, static_cast<int>(train.size()));
  REQUIRE(model.Fit({.y = train, .dates = train_days}, NeverCancelled()).ok());
  const std::vector<double> levels = {0.1, 0.9};
  absl::StatusOr<std::optional<ForecastQuantiles>> q =
      model.Quantiles({.dates = ahead}, levels, NeverCancelled());
  REQUIRE(q.ok());
  REQUIRE(q->has_value());
  const ForecastQuantiles& bounds = **q;
  for (int h = 0; h < s.horizon; ++h) {
    tally.inside += test[h] >= bounds.values[0][h] && test[h] <= bounds.values[1][h];
    ++tally.points;
  }
}

TEST_CASE("80% intervals of auto_ets, auto_arima and theta cover 70-90% of held-out points",
          "[engine][reference][intervals]") {
  Tally ets;
  Tally arima;
  Tally theta;
  for (const std::string& name : ReferenceNames()) {
    const ReferenceSeries s = ReadSeries(name);
    AutoEtsModel ets_model(s.frequency);
    Count(ets_model, s, ets);
    AutoArimaModel arima_model(s.frequency);
    Count(arima_model, s, arima);
    ThetaModel theta_model(s.frequency);
    Count(theta_model, s, theta);
  }
  std::printf(
      "80%% interval coverage on %d held-out points: auto_ets %.1f%%, auto_arima %.1f%%, "
      "theta %.1f%%\n",
      ets.points, ets.Percent(), arima.Percent(), theta.Percent());
  CHECK(ets.points > 100);
  CHECK(ets.Percent() >= 70.0);
  CHECK(ets.Percent() <= 90.0);
  CHECK(arima.Percent() >= 70.0);
  CHECK(arima.Percent() <= 90.0);
  CHECK(theta.Percent() >= 70.0);
  CHECK(theta.Percent() <= 90.0);
}

}  // namespace
}  // namespace champion::engine
