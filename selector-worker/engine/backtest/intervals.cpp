#include "engine/backtest/intervals.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace champion::engine {

absl::StatusOr<ForecastQuantiles> ConformalQuantiles(const BacktestResult& backtest,
                                                     std::span<const double> point,
                                                     std::span<const double> levels,
                                                     int min_errors) {
  return ConformalQuantiles(backtest.folds, point, levels, min_errors);
}

absl::StatusOr<ForecastQuantiles> ConformalQuantiles(std::span<const FoldResult> folds,
                                                     std::span<const double> point,
                                                     std::span<const double> levels,
                                                     int min_errors) {
  if (min_errors < 1) return absl::InvalidArgumentError("min_errors must be >= 1");
  if (absl::Status s = CheckQuantileLevels(levels); !s.ok()) return s;
  // errors_at[h]: the folds' signed errors at step h of their test window.
  std::vector<std::vector<double>> errors_at;
  for (const FoldResult& f : folds) {
    for (std::size_t h = 0; h < f.actuals.size(); ++h) {
      if (errors_at.size() <= h) errors_at.resize(h + 1);
      const double e = f.actuals[h] - f.predictions[h];
      if (std::isfinite(e)) errors_at[h].push_back(e);
    }
  }
  std::size_t total = 0;
  for (const auto& e : errors_at) total += e.size();
  if (total == 0) return absl::InvalidArgumentError("the backtest has no finite test errors");

  const int steps = static_cast<int>(errors_at.size());
  ForecastQuantiles out{.levels = {levels.begin(), levels.end()},
                        .values = std::vector<std::vector<double>>(levels.size())};
  for (std::size_t h = 0; h < point.size(); ++h) {
    const int center = std::min(static_cast<int>(h), steps - 1);
    std::vector<double> pool = errors_at[center];
    for (int reach = 1; static_cast<int>(pool.size()) < min_errors && reach < steps; ++reach) {
      for (int step : {center - reach, center + reach}) {
        if (step >= 0 && step < steps) {
          pool.insert(pool.end(), errors_at[step].begin(), errors_at[step].end());
        }
      }
    }
    // Widening reaches every step at worst, and some step has errors: the pool is not empty.
    std::sort(pool.begin(), pool.end());
    for (std::size_t l = 0; l < levels.size(); ++l) {
      out.values[l].push_back(std::max(0.0, point[h] + SampleQuantile(pool, levels[l])));
    }
  }
  return out;
}

}  // namespace champion::engine
