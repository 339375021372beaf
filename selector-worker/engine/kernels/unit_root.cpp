#include "engine/kernels/unit_root.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"

namespace champion::engine::arima {
namespace {

// urca's KPSS critical values for type "mu" (Kwiatkowski et al. 1992, table 1) and their
// levels, as ndiffs' approx() reads them.
constexpr std::array<double, 4> kCriticalValues = {0.347, 0.463, 0.574, 0.739};
constexpr std::array<double, 4> kLevels = {0.10, 0.05, 0.025, 0.01};

}  // namespace

double KpssStatistic(std::span<const double> y, int lags) {
  const std::size_t n = y.size();
  double mean = 0.0;
  for (double v : y) mean += v;
  mean /= static_cast<double>(n);
  std::vector<double> e(n);
  for (std::size_t t = 0; t < n; ++t) e[t] = y[t] - mean;
  double partial = 0.0;
  double numerator = 0.0;
  double s2 = 0.0;
  for (std::size_t t = 0; t < n; ++t) {
    partial += e[t];
    numerator += partial * partial;
    s2 += e[t] * e[t];
  }
  const auto nd = static_cast<double>(n);
  numerator /= nd * nd;
  s2 /= nd;
  double long_run = 0.0;
  for (int l = 1; l <= lags; ++l) {
    double cov = 0.0;
    for (std::size_t t = static_cast<std::size_t>(l); t < n; ++t) cov += e[t] * e[t - l];
    long_run += (1.0 - static_cast<double>(l) / (lags + 1)) * cov;
  }
  const double denominator = s2 + 2.0 / nd * long_run;
  if (denominator == 0.0) return std::numeric_limits<double>::quiet_NaN();
  return numerator / denominator;
}

int KpssLags(int n) { return static_cast<int>(std::trunc(3.0 * std::sqrt(n) / 13.0)); }

double KpssPValue(double statistic) {
  if (statistic <= kCriticalValues.front()) return kLevels.front();
  if (statistic >= kCriticalValues.back()) return kLevels.back();
  std::size_t i = 1;
  while (statistic > kCriticalValues[i]) ++i;
  const double w =
      (statistic - kCriticalValues[i - 1]) / (kCriticalValues[i] - kCriticalValues[i - 1]);
  return kLevels[i - 1] + w * (kLevels[i] - kLevels[i - 1]);
}

bool IsConstant(std::span<const double> y) {
  if (y.empty()) return true;
  const double tolerance = std::sqrt(std::numeric_limits<double>::epsilon());
  double gap = 0.0;
  double scale = 0.0;
  int differing = 0;
  for (double v : y) {
    if (v == y.front()) continue;
    gap += std::abs(v - y.front());
    scale += std::abs(v);
    ++differing;
  }
  if (differing == 0) return true;
  gap /= differing;
  scale /= differing;
  if (std::isfinite(scale) && scale > tolerance) gap /= scale;
  return gap <= tolerance;
}

absl::StatusOr<int> NumDifferences(std::span<const double> y, const NdiffsOptions& options) {
  if (!std::all_of(y.begin(), y.end(), [](double v) { return std::isfinite(v); })) {
    return absl::InvalidArgumentError("ndiffs needs finite values");
  }
  if (options.max_d < 0) {
    return absl::InvalidArgumentError(absl::StrCat("max_d must be >= 0, got ", options.max_d));
  }
  const double alpha = std::clamp(options.alpha, 0.01, 0.1);
  std::vector<double> x(y.begin(), y.end());
  // R's runTests: an error inside ur.kpss (too short a series) becomes FALSE, a NaN
  // statistic makes the comparison NA and ndiffs returns the differences taken so far.
  auto rejects = [alpha](const std::vector<double>& series, bool& undecided) {
    undecided = false;
    const int n = static_cast<int>(series.size());
    if (n < 2) return false;
    const double stat = KpssStatistic(series, std::min(KpssLags(n), n - 1));
    if (std::isnan(stat)) {
      undecided = true;
      return false;
    }
    return KpssPValue(stat) < alpha;
  };
  int d = 0;
  if (IsConstant(x)) return d;
  bool undecided = false;
  bool difference = rejects(x, undecided);
  if (undecided) return d;
  while (difference && d < options.max_d) {
    ++d;
    for (std::size_t t = x.size(); t-- > 1;) x[t] -= x[t - 1];
    x.erase(x.begin());
    if (IsConstant(x)) return d;
    difference = rejects(x, undecided);
    if (undecided) return d - 1;
  }
  return d;
}

}  // namespace champion::engine::arima
