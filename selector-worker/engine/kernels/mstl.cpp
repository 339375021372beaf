#include "engine/kernels/mstl.h"

#include <algorithm>
#include <cstddef>

#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "engine/kernels/stl.h"

namespace champion::engine {

std::vector<double> MstlComponents::SeasonallyAdjusted(std::span<const double> y) const {
  std::vector<double> out(y.begin(), y.end());
  for (const std::vector<double>& s : seasonal) {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] -= s[i];
  }
  return out;
}

std::vector<int> MstlPeriods(std::span<const int> periods, int n) {
  std::vector<int> kept;
  for (int p : periods) {
    // R: msts[msts < n / 2]; a period of 1 is no season.
    if (p > 1 && 2.0 * p < static_cast<double>(n)) kept.push_back(p);
  }
  std::sort(kept.begin(), kept.end());
  kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
  return kept;
}

absl::StatusOr<MstlComponents> Mstl(std::span<const double> y, std::span<const int> periods,
                                    const MstlOptions& options, const CancelToken& cancel) {
  const int n = static_cast<int>(y.size());
  if (periods.empty()) {
    return absl::InvalidArgumentError(
        "mstl: no seasonal period; R's supsmu trend for non-seasonal data is not implemented");
  }
  if (options.s_windows.empty()) {
    return absl::InvalidArgumentError("mstl: s_windows is empty");
  }
  std::vector<int> sorted(periods.begin(), periods.end());
  std::sort(sorted.begin(), sorted.end());
  for (int p : sorted) {
    if (p < 2 || n <= 2 * p) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "mstl: period %d needs more than two full cycles, the series has %d values", p, n));
    }
  }
  MstlComponents out;
  out.periods = sorted;
  out.seasonal.assign(sorted.size(), std::vector<double>(n, 0.0));
  std::vector<double> deseas(y.begin(), y.end());
  const int passes = std::max(1, options.iterate);
  for (int pass = 0; pass < passes; ++pass) {
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      std::vector<double>& seasonal = out.seasonal[i];
      for (int t = 0; t < n; ++t) deseas[t] += seasonal[t];
      const int s_window = options.s_windows[std::min(i, options.s_windows.size() - 1)];
      ASSIGN_OR_RETURN(StlComponents fit,
                       Stl(deseas, sorted[i],
                           StlOptions{.s_window = s_window, .robust = options.robust}, cancel));
      seasonal = std::move(fit.seasonal);
      for (int t = 0; t < n; ++t) deseas[t] -= seasonal[t];
      out.trend = std::move(fit.trend);
    }
  }
  out.remainder.resize(n);
  for (int t = 0; t < n; ++t) out.remainder[t] = deseas[t] - out.trend[t];
  return out;
}

}  // namespace champion::engine
