#include "engine/kernels/ets_init.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace champion::engine::ets {
namespace {

// R's decompose(y, type)$figure: ratios (or differences) to a centred moving average of
// order m, averaged per position (index mod m, from the first observation), normalised to
// mean 1 (or 0).
std::vector<double> DecomposeFigure(std::span<const double> y, int m, bool multiplicative) {
  const int n = static_cast<int>(y.size());
  const int half = m / 2;
  std::vector<double> sum(static_cast<std::size_t>(m), 0.0);
  std::vector<int> count(static_cast<std::size_t>(m), 0);
  for (int t = half; t + half < n; ++t) {
    double trend = 0.0;
    if (m % 2 == 1) {
      for (int k = -half; k <= half; ++k) trend += y[t + k];
    } else {
      trend = 0.5 * (y[t - half] + y[t + half]);
      for (int k = -half + 1; k < half; ++k) trend += y[t + k];
    }
    trend /= m;
    sum[t % m] += multiplicative ? y[t] / trend : y[t] - trend;
    ++count[t % m];
  }
  std::vector<double> figure(static_cast<std::size_t>(m));
  double mean = 0.0;
  for (int i = 0; i < m; ++i) {
    figure[i] = sum[i] / count[i];  // Every position has a value: n >= 2m.
    mean += figure[i] / m;
  }
  for (double& f : figure) f = multiplicative ? f / mean : f - mean;
  return figure;
}

// R's initstate for n < 3m: tslm(y ~ trend + fourier(y, 1)); the seasonal series is y minus
// (or over) the fitted intercept + slope * t, t = 1..n.
std::vector<double> FourierSeasonal(std::span<const double> y, int m, bool multiplicative) {
  const auto n = static_cast<Eigen::Index>(y.size());
  const bool with_sin = m > 2;  // fourier() drops sin(pi t), which is zero, when m = 2.
  Eigen::MatrixXd x(n, with_sin ? 4 : 3);
  Eigen::VectorXd v(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double t = static_cast<double>(i + 1);
    const double angle = 2.0 * std::numbers::pi * t / m;
    x(i, 0) = 1.0;
    x(i, 1) = t;
    x(i, 2) = std::cos(angle);
    if (with_sin) x(i, 3) = std::sin(angle);
    v(i) = y[static_cast<std::size_t>(i)];
  }
  const Eigen::VectorXd beta = x.colPivHouseholderQr().solve(v);
  std::vector<double> seasonal;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double line = beta(0) + beta(1) * static_cast<double>(i + 1);
    seasonal.push_back(multiplicative ? v(i) / line : v(i) - line);
  }
  return seasonal;
}

// Seasonal start states (R's layout, extra state included) and the adjusted series.
std::vector<double> SeasonStates(std::span<const double> y, const Form& f,
                                 std::vector<double>& adjusted) {
  const int m = f.period;
  const int n = static_cast<int>(y.size());
  const bool mult = f.season == SeasonKind::kMultiplicative;
  std::vector<double> seasonal;
  if (n < 3 * m) {
    seasonal = FourierSeasonal(y, m, mult);
  } else {
    const std::vector<double> figure = DecomposeFigure(y, m, mult);
    for (int t = 0; t < n; ++t) seasonal.push_back(figure[t % m]);
  }
  // init.seas = rev(seasonal[2:m]) in R's 1-based terms.
  std::vector<double> states;
  for (int k = 0; k < m - 1; ++k) states.push_back(seasonal[m - 1 - k]);
  double sum = 0.0;
  if (mult) {
    for (double& s : states) s = std::max(s, 0.01);
    for (double s : states) sum += s;
    // R divides by sum(init.seas + 0.01) here; reproduced as is (a start value only).
    if (sum > m) {
      const double denom = sum + 0.01 * (m - 1);
      for (double& s : states) s /= denom;
    }
  }
  sum = 0.0;
  for (double s : states) sum += s;
  states.push_back((mult ? m : 0.0) - sum);
  adjusted.assign(y.begin(), y.end());
  for (int t = 0; t < n; ++t) {
    adjusted[t] = mult ? y[t] / std::max(seasonal[t], 0.01) : y[t] - seasonal[t];
  }
  return states;
}

}  // namespace

States InitialStates(std::span<const double> y, const Form& f) {
  States s;
  std::vector<double> adjusted(y.begin(), y.end());
  int m = 1;
  if (f.HasSeason()) {
    s.season = SeasonStates(y, f, adjusted);
    m = f.period;
  }
  const std::size_t maxn = std::min<std::size_t>(std::max(10, 2 * m), adjusted.size());
  if (!f.HasTrend()) {
    double sum = 0.0;
    for (std::size_t i = 0; i < maxn; ++i) sum += adjusted[i];
    s.level = sum / static_cast<double>(maxn);
    return s;
  }
  // lsfit(1:maxn, adjusted[1:maxn]): intercept at t = 0 and slope.
  const double tbar = (static_cast<double>(maxn) + 1.0) / 2.0;
  double ybar = 0.0;
  for (std::size_t i = 0; i < maxn; ++i) ybar += adjusted[i] / static_cast<double>(maxn);
  double sxy = 0.0;
  double sxx = 0.0;
  for (std::size_t i = 0; i < maxn; ++i) {
    const double dt = static_cast<double>(i + 1) - tbar;
    sxy += dt * (adjusted[i] - ybar);
    sxx += dt * dt;
  }
  s.trend = sxy / sxx;
  s.level = ybar - s.trend * tbar;
  if (std::fabs(s.level + s.trend) < 1e-8) {  // R keeps l0 + b0 away from 0.
    s.level *= 1.001;
    s.trend *= 0.999;
  }
  return s;
}

}  // namespace champion::engine::ets
