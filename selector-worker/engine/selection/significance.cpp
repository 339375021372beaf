#include "engine/selection/significance.h"

#include <cmath>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "boost/math/distributions/students_t.hpp"

namespace champion::engine {
namespace {

// Autocovariance at `lag` of d (mean `mean`), divided by n as in Diebold and Mariano (1995).
double Autocovariance(const std::vector<double>& d, double mean, int lag) {
  double sum = 0.0;
  for (std::size_t t = static_cast<std::size_t>(lag); t < d.size(); ++t) {
    sum += (d[t] - mean) * (d[t - static_cast<std::size_t>(lag)] - mean);
  }
  return sum / static_cast<double>(d.size());
}

}  // namespace

double StudentTTwoSidedPValue(double statistic, double dof) {
  if (std::isnan(statistic)) return std::numeric_limits<double>::quiet_NaN();
  if (std::isinf(statistic)) return 0.0;
  const boost::math::students_t dist(dof);
  return 2.0 * boost::math::cdf(boost::math::complement(dist, std::fabs(statistic)));
}

absl::StatusOr<Significance> DieboldMariano(std::span<const double> a, std::span<const double> b,
                                            int horizon) {
  if (a.size() != b.size() || a.size() < 3 || horizon < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Diebold-Mariano needs two error series of equal length >= 3 and horizon >= 1, got ",
        a.size(), " and ", b.size(), " points, horizon ", horizon));
  }
  const auto n = static_cast<double>(a.size());
  std::vector<double> d;
  double mean = 0.0;
  for (std::size_t t = 0; t < a.size(); ++t) {
    if (!std::isfinite(a[t]) || !std::isfinite(b[t])) {
      return absl::InvalidArgumentError("Diebold-Mariano needs finite errors");
    }
    d.push_back(a[t] * a[t] - b[t] * b[t]);
    mean += d.back();
  }
  mean /= n;
  int h = horizon;
  // The HLN factor must stay positive; with few points a long horizon cannot be corrected.
  if (n + 1 - 2 * h + h * (h - 1) / n <= 0) h = 1;
  const double gamma0 = Autocovariance(d, mean, 0);
  double long_run = gamma0;
  for (int k = 1; k < h; ++k) long_run += 2.0 * Autocovariance(d, mean, k);
  if (!(long_run > 0)) long_run = gamma0;
  if (gamma0 == 0.0) {
    if (mean == 0.0) return Significance{0.0, 1.0};
    const double inf = std::numeric_limits<double>::infinity();
    return Significance{mean > 0 ? inf : -inf, 0.0};
  }
  const double dm = mean / std::sqrt(long_run / n);
  const double hln = std::sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n);
  const double statistic = dm * hln;
  return Significance{statistic, StudentTTwoSidedPValue(statistic, n - 1)};
}

}  // namespace champion::engine
