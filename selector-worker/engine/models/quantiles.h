#pragma once

// Forecast quantiles: the one shape in which every predictive distribution is handed over,
// whether a model defines it (ETS, theta) or backtest errors do (backtest/intervals.h).

#include <span>
#include <vector>

#include "absl/status/status.h"

namespace champion::engine {

//! Quantiles of a forecast, one row per level, one value per step.
struct ForecastQuantiles {
  std::vector<double> levels;               //!< Increasing, in (0, 1).
  std::vector<std::vector<double>> values;  //!< values[level][step]; >= 0.
  friend bool operator==(const ForecastQuantiles&, const ForecastQuantiles&) = default;
};

//! InvalidArgument unless `levels` is non-empty and strictly increasing within (0, 1).
absl::Status CheckQuantileLevels(std::span<const double> levels);

//! Gaussian quantiles mean[h] + z(level) * sd[h] at each level, floored at 0 as demand is.
//! `mean` and `sd` have one value per step (sd >= 0); `levels` pass CheckQuantileLevels.
ForecastQuantiles NormalQuantiles(std::span<const double> mean, std::span<const double> sd,
                                  std::span<const double> levels);

//! R's type-7 quantile (linear interpolation) of `sorted` (increasing, not empty).
double SampleQuantile(std::span<const double> sorted, double level);

}  // namespace champion::engine
