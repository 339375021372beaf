#include "engine/kernels/ets_intervals.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

#include "absl/strings/str_cat.h"
#include "boost/math/distributions/normal.hpp"
#include "common/status_macros.h"

namespace champion::engine::ets {
namespace {

constexpr std::uint64_t kSimulationSeed = 20080101;  // Any fixed value: results are reproducible.

// kSamplePaths standard normal values at the midpoints of equal-probability strata: every
// step's errors are a random permutation of them (Latin hypercube sampling), so each step's
// errors follow the normal exactly and no quantile function is evaluated per draw.
const std::vector<double>& StratifiedNormals() {
  static const std::vector<double> values = [] {
    std::vector<double> z(kSamplePaths);
    const boost::math::normal standard;
    for (int i = 0; i < kSamplePaths; ++i) {
      z[i] = boost::math::quantile(standard, (i + 0.5) / kSamplePaths);
    }
    return z;
  }();
  return values;
}

// paths[path][step] of the form's future, with errors of standard deviation sqrt(sigma2).
absl::StatusOr<std::vector<std::vector<double>>> SimulatePaths(const FittedForm& fit, int steps,
                                                               const CancelToken& cancel) {
  const double sd = std::sqrt(fit.sigma2);
  const bool relative = fit.form.error == ErrorKind::kMultiplicative;
  std::mt19937_64 rng(kSimulationSeed);
  std::vector<double> errors = StratifiedNormals();
  std::vector<States> states(kSamplePaths, fit.final_states);
  std::vector<std::vector<double>> paths(kSamplePaths, std::vector<double>(steps));
  for (int h = 0; h < steps; ++h) {
    RETURN_IF_ERROR(CheckCancelled(cancel));
    std::shuffle(errors.begin(), errors.end(), rng);
    for (int i = 0; i < kSamplePaths; ++i) {
      States& s = states[i];
      const double mean = OneStepForecast(fit.form, fit.smoothing, s);
      const double e = sd * errors[i];
      const double y = relative ? mean * (1.0 + e) : mean + e;
      paths[i][h] = y;
      NegTwoLogLikelihood(std::span<const double>(&y, 1), fit.form, fit.smoothing, s);
    }
  }
  return paths;
}

}  // namespace

bool HasAnalyticVariance(const Form& form) {
  return form.error == ErrorKind::kAdditive && form.season != SeasonKind::kMultiplicative;
}

std::vector<double> ForecastVariances(const Form& form, const Smoothing& p, double sigma2,
                                      int steps) {
  const double beta = form.HasTrend() ? p.beta : 0.0;
  const double phi = form.trend == TrendKind::kDamped ? p.phi : 1.0;
  const double gamma = form.HasSeason() ? p.gamma : 0.0;
  std::vector<double> out;
  double sum_c2 = 0.0;
  double phi_power = 1.0;
  double phi_sum = 0.0;  // phi + ... + phi^j
  for (int h = 1; h <= steps; ++h) {
    out.push_back(sigma2 * (1.0 + sum_c2));
    const int j = h;  // c_j enters the variance of step j + 1.
    phi_power *= phi;
    phi_sum += phi_power;
    const bool season_returns = form.HasSeason() && j % form.period == 0;
    const double c = p.alpha + beta * phi_sum + (season_returns ? gamma : 0.0);
    sum_c2 += c * c;
  }
  return out;
}

absl::StatusOr<ForecastQuantiles> FormQuantiles(const FittedForm& fit, int steps,
                                                std::span<const double> levels,
                                                const CancelToken& cancel) {
  RETURN_IF_ERROR(CheckQuantileLevels(levels));
  RETURN_IF_ERROR(CheckCancelled(cancel));
  if (!std::isfinite(fit.sigma2) || fit.sigma2 < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(FormName(fit.form), ": no finite error variance for intervals"));
  }
  const std::vector<double> mean = PointForecast(fit.form, fit.smoothing, fit.final_states, steps);
  if (HasAnalyticVariance(fit.form)) {
    std::vector<double> sd = ForecastVariances(fit.form, fit.smoothing, fit.sigma2, steps);
    for (double& v : sd) v = std::sqrt(v);
    return NormalQuantiles(mean, sd, levels);
  }
  ASSIGN_OR_RETURN(const std::vector<std::vector<double>> paths, SimulatePaths(fit, steps, cancel));
  ForecastQuantiles out{.levels = {levels.begin(), levels.end()},
                        .values = std::vector<std::vector<double>>(levels.size())};
  std::vector<double> at_step(paths.size());
  for (int h = 0; h < steps; ++h) {
    for (std::size_t i = 0; i < paths.size(); ++i) at_step[i] = paths[i][h];
    std::sort(at_step.begin(), at_step.end());  // ~1000 values: a sort is a few microseconds.
    for (std::size_t l = 0; l < levels.size(); ++l) {
      const double q = SampleQuantile(at_step, levels[l]);
      out.values[l].push_back(std::isfinite(q) ? std::max(0.0, q) : q);
    }
  }
  return out;
}

}  // namespace champion::engine::ets
