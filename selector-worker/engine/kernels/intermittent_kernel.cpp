#include "engine/kernels/intermittent_kernel.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/status_macros.h"
#include "engine/kernels/optimize.h"

namespace champion::engine::intermittent {
namespace {

// One-step forecasts of SES from level x[0]: the level after the last point, and (into
// `sse`) the sum of squared one-step errors over x[1..].
double Smooth(std::span<const double> x, double alpha, double* sse) {
  double level = x[0];
  double total = 0.0;
  for (std::size_t i = 1; i < x.size(); ++i) {
    level = alpha * x[i - 1] + (1.0 - alpha) * level;
    const double e = x[i] - level;
    total += e * e;
  }
  if (sse != nullptr) *sse = total;
  return alpha * x.back() + (1.0 - alpha) * level;
}

}  // namespace

std::vector<double> DemandSizes(std::span<const double> y) {
  std::vector<double> sizes;
  for (double v : y) {
    if (v > 0) sizes.push_back(v);
  }
  return sizes;
}

std::vector<double> DemandIntervals(std::span<const double> y) {
  std::vector<double> intervals;
  int since = 0;
  for (double v : y) {
    ++since;
    if (v > 0) {
      intervals.push_back(since);
      since = 0;
    }
  }
  return intervals;
}

std::vector<double> BucketSums(std::span<const double> y, int level) {
  std::vector<double> sums;
  if (level < 1) return sums;
  const std::size_t width = static_cast<std::size_t>(level);
  for (std::size_t begin = y.size() % width; begin + width <= y.size(); begin += width) {
    sums.push_back(std::accumulate(y.begin() + begin, y.begin() + begin + width, 0.0));
  }
  return sums;
}

absl::StatusOr<double> OptimizedSesForecast(std::span<const double> x, const CancelToken& cancel) {
  if (x.size() < 2) return x.empty() ? 0.0 : x[0];
  ASSIGN_OR_RETURN(std::vector<double> best,
                   Minimize(
                       [&](std::span<const double> a) {
                         double sse = 0.0;
                         Smooth(x, a[0], &sse);
                         return sse;
                       },
                       {(kMinAlpha + kMaxAlpha) / 2}, {kMinAlpha}, {kMaxAlpha}, cancel,
                       {.max_evaluations = 200, .relative_tolerance = 1e-6}));
  return Smooth(x, best[0], nullptr);
}

int AggregationLevel(std::span<const double> y) {
  const std::vector<double> intervals = DemandIntervals(y);
  if (intervals.empty()) return 0;
  const double mean = std::accumulate(intervals.begin(), intervals.end(), 0.0) /
                      static_cast<double>(intervals.size());
  return std::max(1, static_cast<int>(std::lround(mean)));
}

}  // namespace champion::engine::intermittent
