#pragma once

// Prediction quantiles from a backtest's own errors (split conformal prediction): the
// interval a model earns by how it actually missed on the folds, whatever the model.

#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/backtest/backtest.h"
#include "engine/models/quantiles.h"

namespace champion::engine {

//! The quantile levels a forecast carries unless a run asks for others: P10, P50, P90.
inline constexpr double kDefaultQuantileLevels[] = {0.1, 0.5, 0.9};

//! Fewest backtest errors a quantile is read from; steps pool their neighbours' errors
//! until they have this many (or every step's).
inline constexpr int kMinConformalErrors = 30;

//! For step h (0-based) of `point`: the signed errors (actual - forecast) of every fold at
//! step h, pooled with steps h-1, h+1, h-2, ... until at least `min_errors` (steps past the
//! backtest's test length use its last step's pool), and the point forecast plus each
//! level's empirical quantile of them (linear interpolation, R's type 7), floored at 0 as
//! demand is. Quantiles of one pool never cross. InvalidArgument when `levels` are not
//! increasing within (0, 1), `min_errors` < 1, or the backtest has no test points.
absl::StatusOr<ForecastQuantiles> ConformalQuantiles(std::span<const FoldResult> folds,
                                                     std::span<const double> point,
                                                     std::span<const double> levels,
                                                     int min_errors = kMinConformalErrors);
//! ConformalQuantiles of every fold of `backtest`.
absl::StatusOr<ForecastQuantiles> ConformalQuantiles(const BacktestResult& backtest,
                                                     std::span<const double> point,
                                                     std::span<const double> levels,
                                                     int min_errors = kMinConformalErrors);

}  // namespace champion::engine
