#pragma once

// Forecast accuracy metrics per fold and their aggregation (ENGINE.md section 3).

#include <span>

#include "absl/status/statusor.h"

namespace champion::engine {

//! Metrics of one fold. NaN/inf only where ENGINE.md says: wape = +inf when sum|A| = 0;
//! mase = NaN when the seasonal-naive scale is 0 or undefined; a NaN forecast makes every
//! metric NaN (it propagates, it is never an error).
struct FoldMetrics {
  double mae = 0.0;
  double rmse = 0.0;
  double smape = 0.0;  //!< Percent, 0..200; a point with A = F = 0 counts 0.
  double wape = 0.0;   //!< Percent.
  double bias = 0.0;   //!< mean(A - F): > 0 under-forecast, < 0 over-forecast.
  double mase = 0.0;
};

//! Seasonal period of the MASE scale (ENGINE.md: seasonal naive with m = 7).
inline constexpr int kMaseSeasonality = 7;

// Kernels. InvalidArgument when the spans differ in length or are empty.
absl::StatusOr<double> Mae(std::span<const double> actual, std::span<const double> forecast);
absl::StatusOr<double> Rmse(std::span<const double> actual, std::span<const double> forecast);
absl::StatusOr<double> Smape(std::span<const double> actual, std::span<const double> forecast);
absl::StatusOr<double> Wape(std::span<const double> actual, std::span<const double> forecast);
absl::StatusOr<double> Bias(std::span<const double> actual, std::span<const double> forecast);
//! mae / in-sample MAE of the seasonal naive with period m on `train`. NaN when train has
//! <= m points or that scale is 0.
absl::StatusOr<double> Mase(std::span<const double> actual, std::span<const double> forecast,
                            std::span<const double> train, int m = kMaseSeasonality);

//! All of the above for one fold.
absl::StatusOr<FoldMetrics> ComputeFoldMetrics(std::span<const double> actual,
                                               std::span<const double> forecast,
                                               std::span<const double> train);

//! Mean of the non-NaN values (inf included); NaN when there are none.
double MeanOfValid(std::span<const double> values);
//! Population std / |mean| * 100 over the finite values; NaN with fewer than 2.
double Stability(std::span<const double> values);

//! One aggregated metric with its stability across folds.
struct AggregatedMetric {
  double value = 0.0;
  double stability = 0.0;
};

//! Aggregation over folds.
struct AggregateMetrics {
  AggregatedMetric mae, rmse, smape, wape, bias, mase;
  int sample_size = 0;  //!< Total test points over all folds.
  int fold_count = 0;
};

//! One fold's test points as the aggregation reads them (same length).
struct FoldPoints {
  std::span<const double> actual;
  std::span<const double> forecast;
};

//! Pools every test point of every fold: MAE, RMSE, sMAPE and bias over all points together,
//! WAPE = sum|A - F| / sum|A| over all points (+inf only when every actual is 0, so one fold
//! without sales no longer makes it undefined), MASE = the mean scaled error over the folds
//! whose scale is defined (their MASE weighted by their points; NaN when no fold has one).
//! Stability stays a spread across folds: Stability() of `folds`' per-fold values. `folds`
//! and `points` describe the same folds in the same order.
AggregateMetrics Aggregate(std::span<const FoldMetrics> folds, std::span<const FoldPoints> points);

}  // namespace champion::engine
