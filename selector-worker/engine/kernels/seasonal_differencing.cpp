#include "engine/kernels/seasonal_differencing.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "absl/status/status.h"
#include "common/status_macros.h"
#include "engine/kernels/mstl.h"

namespace champion::engine {
namespace {

// R's var(): the unbiased sample variance, two-pass.
double Variance(std::span<const double> x) {
  const double n = static_cast<double>(x.size());
  double mean = 0.0;
  for (double v : x) mean += v;
  mean /= n;
  double ss = 0.0;
  for (double v : x) ss += (v - mean) * (v - mean);
  return ss / (n - 1.0);
}

// forecast's is.constant: every value equal to the first.
bool IsConstant(std::span<const double> y) {
  return std::all_of(y.begin(), y.end(), [&](double v) { return v == y.front(); });
}

}  // namespace

absl::StatusOr<double> SeasonalStrength(std::span<const double> y, int period,
                                        const CancelToken& cancel) {
  const int periods[] = {period};
  // mstl() on a plain ts: one pass, the first of its default windows.
  ASSIGN_OR_RETURN(MstlComponents fit, Mstl(y, periods, MstlOptions{.iterate = 1}, cancel));
  const std::vector<double>& remainder = fit.remainder;
  std::vector<double> with_season(remainder.size());
  for (std::size_t i = 0; i < remainder.size(); ++i) {
    with_season[i] = remainder[i] + fit.seasonal[0][i];
  }
  const double strength = 1.0 - Variance(remainder) / Variance(with_season);
  if (std::isnan(strength)) return strength;  // R's max(0, min(1, NaN)) is NaN too.
  return std::max(0.0, std::min(1.0, strength));
}

absl::StatusOr<int> SeasonalDifferences(std::span<const double> y, int period,
                                        const CancelToken& cancel) {
  const int n = static_cast<int>(y.size());
  if (n == 0 || IsConstant(y) || period <= 1 || period >= n) return 0;
  absl::StatusOr<double> strength = SeasonalStrength(y, period, cancel);
  if (!strength.ok()) {
    if (absl::IsCancelled(strength.status())) return strength.status();
    return 0;  // R: "The chosen seasonal unit root test encountered an error" -> 0.
  }
  // NaN (no variance at all): R's stopifnot fails and nsdiffs falls back to 0 as well.
  return *strength > kSeasonalStrengthThreshold ? 1 : 0;
}

}  // namespace champion::engine
