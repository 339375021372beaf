#include "engine/kernels/ets_intervals.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <utility>

#include "Eigen/Dense"
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

// R's forecast:::class1: the state-space matrices H (1 x p), F (p x p) and G (p x 1) of the
// additive-error form over R's state vector x = (l, [b], s1..sm), means H F^(h-1) x and
// variances sigma2 (1 + sum_{j<h} c_j^2) with c_j = H F^(j-1) G. Also the c_j (class 2 needs
// them). Class 2 forms use the same matrices (their means and c_j are the class-1 ones).
struct Class1Result {
  ForecastMoments moments;
  std::vector<double> c;  // c[j - 1] = c_j, j = 1..steps - 1.
};

Class1Result Class1(const Form& form, const Smoothing& p, const States& s, double sigma2,
                    int steps) {
  const bool trend = form.HasTrend();
  const bool season = form.season == SeasonKind::kAdditive;
  const double phi = form.trend == TrendKind::kDamped ? p.phi : 1.0;
  std::vector<double> x = {s.level};
  if (trend) x.push_back(s.trend);
  if (season) x.insert(x.end(), s.season.begin(), s.season.end());
  const int n = static_cast<int>(x.size());
  const int m = season ? form.period : 0;
  std::vector<double> h(n, 0.0);                                // H, then H F^j as j grows.
  std::vector<double> f(static_cast<std::size_t>(n) * n, 0.0);  // F, row-major.
  std::vector<double> g(n, 0.0);
  auto at = [&](int row, int col) -> double& { return f[static_cast<std::size_t>(row) * n + col]; };
  h[0] = 1.0;
  at(0, 0) = 1.0;
  g[0] = p.alpha;
  if (trend) {
    h[1] = phi;
    at(0, 1) = phi;
    at(1, 1) = phi;
    g[1] = p.beta;
  }
  if (season) {
    h[n - 1] = 1.0;
    at(n - m, n - 1) = 1.0;
    for (int i = 0; i < m - 1; ++i) at(n - m + 1 + i, n - m + i) = 1.0;
    // R's G[3, 1]: the first seasonal state with a trend, the second without one.
    g[2] = p.gamma;
  }
  Class1Result out;
  out.moments.mean.reserve(steps);
  out.moments.variance.reserve(steps);
  double sum_c2 = 0.0;
  std::vector<double> next(n);
  for (int step = 1; step <= steps; ++step) {
    double mean = 0.0;
    for (int i = 0; i < n; ++i) mean += h[i] * x[i];
    out.moments.mean.push_back(mean);
    out.moments.variance.push_back(sigma2 * (1.0 + sum_c2));
    if (step == steps) break;
    double c = 0.0;
    for (int i = 0; i < n; ++i) c += h[i] * g[i];
    out.c.push_back(c);
    sum_c2 += c * c;
    for (int col = 0; col < n; ++col) {
      double v = 0.0;
      for (int i = 0; i < n; ++i) v += h[i] * at(i, col);
      next[col] = v;
    }
    h.swap(next);
  }
  return out;
}

// R's forecast:::class2: theta_1 = mean_1^2, theta_h = mean_h^2 + sigma2 sum_{j<h} c_j^2
// theta_(h-j), variance (1 + sigma2) theta_h - mean_h^2, from the class-1 means and c_j.
ForecastMoments Class2(const Form& form, const Smoothing& p, const States& s, double sigma2,
                       int steps) {
  Class1Result base = Class1(form, p, s, sigma2, steps);
  const std::vector<double>& mean = base.moments.mean;
  std::vector<double> theta(steps);
  for (int h = 0; h < steps; ++h) {
    double sum = 0.0;
    for (int j = 1; j <= h; ++j) sum += base.c[j - 1] * base.c[j - 1] * theta[h - j];
    theta[h] = mean[h] * mean[h] + sigma2 * sum;
  }
  for (int h = 0; h < steps; ++h) {
    base.moments.variance[h] = (1.0 + sigma2) * theta[h] - mean[h] * mean[h];
  }
  return std::move(base.moments);
}

// R's forecast:::class3 with its Kronecker products written out. The state products form the
// 2 x m matrix M_h = (l, b)' (s1..sm) (b = 0 without a trend, which leaves R's one-row form's
// numbers unchanged), vec'd column by column into m blocks of 2; V_h is its covariance in
// m x m blocks of 2 x 2. With F2 the cyclic shift (column m moves to the front),
// F21 = F2 (x) F1, G21 = G2 (x) G1 and K = G2 (x) F1 + F2 (x) G1 are each a block shift
// followed by block-diagonal 2 x 2 factors: F1 everywhere for F21; gamma G1 in block 1 and
// 0 elsewhere for G21; gamma F1 + G1 in block 1 and G1 elsewhere for K. So each product
// A V B' is the shifted V with blocks multiplied on both sides, O(m^2) instead of O(m^3).
ForecastMoments Class3(const Form& form, const Smoothing& p, const States& s, double sigma2,
                       int steps) {
  using Eigen::Matrix2d;
  using Eigen::Vector2d;
  const int m = form.period;
  const bool trend = form.HasTrend();
  const double phi = form.trend == TrendKind::kDamped ? p.phi : 1.0;
  const double beta = trend ? p.beta : 0.0;
  // R: F1 = [1 1; 0 phi], G1 = [alpha alpha; beta beta], H1 = [1 1] with a trend (damped
  // included); F1 = 1, G1 = alpha, H1 = 1 without.
  Matrix2d f1;
  f1 << 1.0, trend ? 1.0 : 0.0, 0.0, trend ? phi : 0.0;
  Matrix2d g1;
  g1 << p.alpha, trend ? p.alpha : 0.0, beta, trend ? beta : 0.0;
  const Vector2d h1(1.0, trend ? 1.0 : 0.0);
  const Matrix2d g21_first = p.gamma * g1;     // G21's one block.
  const Matrix2d k_first = p.gamma * f1 + g1;  // K's block 1; G1 in the others.

  const Vector2d x(s.level, trend ? s.trend : 0.0);
  std::vector<Vector2d> mh(m);  // Column k of M_h: (l, b)' s_(k+1).
  for (int k = 0; k < m; ++k) mh[k] = x * s.season[k];
  const auto index = [m](int row, int col) { return static_cast<std::size_t>(row) * m + col; };
  std::vector<Matrix2d> vh(static_cast<std::size_t>(m) * m, Matrix2d::Zero());
  std::vector<Matrix2d> next_vh(vh.size());
  std::vector<Vector2d> next_mh(m);

  ForecastMoments out;
  out.mean.reserve(steps);
  out.variance.reserve(steps);
  for (int step = 0; step < steps; ++step) {
    const double mean = h1.dot(mh[m - 1]);
    out.mean.push_back(mean);
    out.variance.push_back((1.0 + sigma2) * h1.dot(vh[index(m - 1, m - 1)] * h1) +
                           sigma2 * mean * mean);
    // Block a of the shifted vectors comes from block a - 1 (block 1 from block m).
    const auto from = [m](int a) { return a == 0 ? m - 1 : a - 1; };
    for (int a = 0; a < m; ++a) {
      const Matrix2d& ka = a == 0 ? k_first : g1;
      for (int b = 0; b < m; ++b) {
        const Matrix2d& w = vh[index(from(a), from(b))];
        const Matrix2d outer = mh[from(a)] * mh[from(b)].transpose();
        const Matrix2d& kb = b == 0 ? k_first : g1;
        Matrix2d v = f1 * w * f1.transpose();
        Matrix2d inner = ka * (w + outer) * kb.transpose();
        if (a == 0) inner += g21_first * w * f1.transpose();
        if (b == 0) inner += f1 * w * g21_first.transpose();
        if (a == 0 && b == 0) {
          inner += sigma2 * g21_first * (3.0 * w + 2.0 * outer) * g21_first.transpose();
        }
        next_vh[index(a, b)] = v + sigma2 * inner;
      }
    }
    vh.swap(next_vh);
    // M_(h+1) = F1 M_h F2' + sigma2 G1 M_h G2'.
    next_mh[0] = f1 * mh[m - 1] + sigma2 * p.gamma * (g1 * mh[m - 1]);
    for (int a = 1; a < m; ++a) next_mh[a] = f1 * mh[a - 1];
    mh.swap(next_mh);
  }
  return out;
}

}  // namespace

IntervalClass IntervalClassOf(const Form& form) {
  if (form.season != SeasonKind::kMultiplicative) {
    return form.error == ErrorKind::kAdditive ? IntervalClass::kClass1 : IntervalClass::kClass2;
  }
  return form.error == ErrorKind::kMultiplicative ? IntervalClass::kClass3
                                                  : IntervalClass::kSimulated;
}

bool HasAnalyticVariance(const Form& form) {
  return IntervalClassOf(form) != IntervalClass::kSimulated;
}

ForecastMoments AnalyticMoments(const Form& form, const Smoothing& p, const States& final_states,
                                double sigma2, int steps) {
  switch (IntervalClassOf(form)) {
    case IntervalClass::kClass1:
      return Class1(form, p, final_states, sigma2, steps).moments;
    case IntervalClass::kClass2:
      return Class2(form, p, final_states, sigma2, steps);
    case IntervalClass::kClass3:
      return Class3(form, p, final_states, sigma2, steps);
    case IntervalClass::kSimulated:
      break;
  }
  return {};
}

std::vector<double> ForecastMean(const FittedForm& fit, int steps) {
  if (IntervalClassOf(fit.form) == IntervalClass::kClass3 && std::isfinite(fit.sigma2)) {
    return Class3(fit.form, fit.smoothing, fit.final_states, fit.sigma2, steps).mean;
  }
  return PointForecast(fit.form, fit.smoothing, fit.final_states, steps);
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
  if (HasAnalyticVariance(fit.form)) {
    const ForecastMoments moments =
        AnalyticMoments(fit.form, fit.smoothing, fit.final_states, fit.sigma2, steps);
    std::vector<double> sd = moments.variance;
    for (double& v : sd) v = std::sqrt(std::max(0.0, v));
    // Class 1 and 2 means are the point forecasts; PointForecast's are the ones Forecast
    // reports (ForecastMean), equal up to rounding.
    const std::vector<double> mean =
        IntervalClassOf(fit.form) == IntervalClass::kClass3
            ? moments.mean
            : PointForecast(fit.form, fit.smoothing, fit.final_states, steps);
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
