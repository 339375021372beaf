#pragma once

#include <optional>
#include <vector>

#include "engine/kernels/ridge.h"
#include "engine/models/model.h"

namespace champion::engine {

//! trend_regression_baseline: ridge on a time index (days since the first training date)
//! plus day-of-week and month one-hots taken from the real dates. Needs >= 2 points.
class TrendRegressionBaselineModel final : public Forecaster {
 public:
  struct Options {
    double alpha = 1.0;
    bool include_dow = true;
    bool include_month = true;
  };
  explicit TrendRegressionBaselineModel(const Options& options) : options_(options) {}
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;

 private:
  Eigen::MatrixXd Design(std::span<const absl::CivilDay> dates) const;

  Options options_;
  absl::CivilDay origin_;
  std::optional<RidgeFit> fit_;
};

}  // namespace champion::engine
