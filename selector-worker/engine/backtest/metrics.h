#pragma once

// Forecast accuracy metrics per fold and their aggregation (docs/ENGINE.md section 3).

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"

namespace champion::engine {

//! Every accuracy metric, in the order of champion.v1.RankingMetric. A metric is one row of
//! the metric table (metrics.cpp): its names, and whether it ranks by magnitude.
//! The last two judge the backtest's prediction interval (kIntervalLevels) instead of the
//! point forecast: coverage and the scaled interval score.
enum class Metric { kWape, kSmape, kMae, kBias, kMase, kRmse, kCoverage, kMsis };
inline constexpr std::size_t kMetricCount = 8;
//! Every metric in enum order, for loops over the table.
inline constexpr std::array<Metric, kMetricCount> kAllMetrics = {
    Metric::kWape, Metric::kSmape, Metric::kMae,      Metric::kBias,
    Metric::kMase, Metric::kRmse,  Metric::kCoverage, Metric::kMsis};

//! The prediction interval a backtest judges: the central 80% (P10 to P90), the default
//! band of a forecast.
inline constexpr double kIntervalLevels[] = {0.1, 0.9};
inline constexpr double kIntervalNominalCoverage = 80.0;  //!< Percent.

//! Wire name: "wape", "smape", "mae", "bias", "mase", "rmse", "coverage", "msis".
const char* MetricName(Metric metric);
//! The name planners read: "WAPE", "sMAPE", "MAE", "absolute bias", "MASE", "RMSE",
//! "80% interval coverage", "MSIS".
const char* MetricLabel(Metric metric);
//! The metric named `name` (wire name), or nullopt.
std::optional<Metric> ParseMetric(std::string_view name);
//! The value a ranking sorts by (smaller is better): |value| for a signed metric (bias), the
//! distance from the nominal 80% for coverage, else the value.
double SortValue(Metric metric, double value);

//! One value per metric, indexed by Metric.
template <typename T>
struct PerMetric {
  // Not an aggregate: values are set by metric, never by position.
  PerMetric() = default;
  std::array<T, kMetricCount> by_metric{};
  T& operator[](Metric m) { return by_metric[static_cast<std::size_t>(m)]; }
  const T& operator[](Metric m) const { return by_metric[static_cast<std::size_t>(m)]; }
  bool operator==(const PerMetric&) const = default;
};

//! Metrics of one fold. NaN/inf only where documented: wape = +inf when sum|A| = 0; mase =
//! NaN when the seasonal-naive scale is 0 or undefined; a NaN forecast makes every metric NaN
//! (it propagates, it is never an error). smape is a percent, 0..200 (a point with A = F = 0
//! counts 0); wape a percent; bias = mean(A - F): > 0 under-forecast, < 0 over-forecast.
//! coverage and msis are NaN without an interval (IntervalMetrics).
using FoldMetrics = PerMetric<double>;

//! Seasonal period of the MASE scale (docs/ENGINE.md: seasonal naive with m = 7).
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

//! Percent of actuals within [lower, upper] (bounds included).
absl::StatusOr<double> Coverage(std::span<const double> actual, std::span<const double> lower,
                                std::span<const double> upper);
//! The mean scaled interval score of the M4 competition at the interval's level
//! (alpha = 0.2 for kIntervalLevels): mean of (U - L) + (2 / alpha)(L - A)[A < L] +
//! (2 / alpha)(A - U)[A > U], divided by the MASE scale of `train` (NaN where MASE's is).
absl::StatusOr<double> Msis(std::span<const double> actual, std::span<const double> lower,
                            std::span<const double> upper, std::span<const double> train,
                            double alpha = 0.2, int m = kMaseSeasonality);

//! All of the above for one fold; coverage and msis only when `lower` and `upper` (the
//! kIntervalLevels bounds) are given, NaN otherwise.
absl::StatusOr<FoldMetrics> ComputeFoldMetrics(std::span<const double> actual,
                                               std::span<const double> forecast,
                                               std::span<const double> train,
                                               std::span<const double> lower = {},
                                               std::span<const double> upper = {});

//! Mean of the non-NaN values (inf included); NaN when there are none.
double MeanOfValid(std::span<const double> values);
//! Population std / |mean| * 100 over the finite values; NaN with fewer than 2.
double Stability(std::span<const double> values);

//! One aggregated metric with its stability across folds.
struct AggregatedMetric {
  double value = 0.0;
  double stability = 0.0;
};

//! Aggregation over folds: one AggregatedMetric per metric.
struct AggregateMetrics : PerMetric<AggregatedMetric> {
  int sample_size = 0;  //!< Total test points over all folds.
  int fold_count = 0;
};

//! One fold's test points as the aggregation reads them (same length; the bounds may be
//! empty: no interval).
struct FoldPoints {
  std::span<const double> actual;
  std::span<const double> forecast;
  std::span<const double> lower;
  std::span<const double> upper;
};

//! Pools every test point of every fold: MAE, RMSE, sMAPE and bias over all points together,
//! WAPE = sum|A - F| / sum|A| over all points (+inf only when every actual is 0, so one fold
//! without sales no longer makes it undefined), MASE = the mean scaled error over the folds
//! whose scale is defined (their MASE weighted by their points; NaN when no fold has one).
//! Coverage pools the points of the folds with an interval; MSIS is weighted as MASE.
//! Stability stays a spread across folds: Stability() of `folds`' per-fold values. `folds`
//! and `points` describe the same folds in the same order.
AggregateMetrics Aggregate(std::span<const FoldMetrics> folds, std::span<const FoldPoints> points);

}  // namespace champion::engine
