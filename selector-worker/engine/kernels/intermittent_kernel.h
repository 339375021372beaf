#pragma once

// The pieces shared by the intermittent-demand models (croston's optimised variant, adida,
// imapa), after Nixtla's StatsForecast: demand sizes and intervals, temporal aggregation, and
// simple exponential smoothing with alpha chosen in [0.1, 0.3] by in-sample squared error.

#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/cancel_token.h"

namespace champion::engine::intermittent {

//! The smoothing constant's bounds for intermittent demand (Syntetos & Boylan's advice).
inline constexpr double kMinAlpha = 0.1;
inline constexpr double kMaxAlpha = 0.3;

//! The values of the days with demand (> 0), oldest first.
std::vector<double> DemandSizes(std::span<const double> y);

//! Days between consecutive demands; the first counts from the start of the series (a
//! demand on the first day has interval 1). Empty when no day has demand.
std::vector<double> DemandIntervals(std::span<const double> y);

//! Sums of consecutive, non-overlapping buckets of `level` days, the newest bucket ending on
//! the last day; the oldest len % level days are left out. Empty when len < level.
std::vector<double> BucketSums(std::span<const double> y, int level);

//! The one-step forecast of simple exponential smoothing started at x[0], with alpha in
//! [kMinAlpha, kMaxAlpha] minimising the in-sample squared one-step error. `x` not empty.
//! Cancelled when the token is set.
absl::StatusOr<double> OptimizedSesForecast(std::span<const double> x, const CancelToken& cancel);

//! The rounded mean interval between demands (>= 1), or 0 when no day has demand: the
//! aggregation level of adida and the largest of imapa.
int AggregationLevel(std::span<const double> y);

}  // namespace champion::engine::intermittent
