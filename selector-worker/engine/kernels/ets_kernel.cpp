#include "engine/kernels/ets_kernel.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"

namespace champion::engine::ets {
namespace {

constexpr double kTol = 1e-10;       // R's TOL in etscalc.
constexpr double kHuge = 1e10;       // R's HUGEN: stands in for a division by ~0.
constexpr double kLikFloor = -1e10;  // R: "avoid perfect fits".
// R accepts max |root| <= 1 + 1e-10 from a root finder. The step-down test needs a margin
// well above rounding because every seasonal form without a trend has a root exactly at 1.
constexpr double kRootRadius = 1 + 1e-6;

// Coefficient buffers live on the stack for the usual periods (daily data: 7).
using Coefficients = absl::InlinedVector<double, 32>;

// True when every root of sum_i c[i] z^i (lowest power first, c.back() != 0) has modulus
// below `radius`: the Schur-Cohn step-down test on p(radius * z), whose roots are the
// roots of p divided by radius. Each step maps p of degree d to
// (p(z) - (p_0 / p_d) z^d p(1/z)) / z, of degree d - 1 with the same roots inside the unit
// circle, as long as |p_0| < |p_d|. O(degree^2).
bool RootsWithin(Coefficients& c, double radius) {
  double scale = 1.0;
  for (double& v : c) {
    v *= scale;
    scale *= radius;
  }
  Coefficients other(c.size());
  double* cur = c.data();
  double* next = other.data();
  for (std::size_t d = c.size() - 1; d > 0; --d) {
    if (!(std::fabs(cur[0]) < std::fabs(cur[d]))) return false;
    const double ratio = cur[0] / cur[d];
    for (std::size_t i = 1; i <= d; ++i) next[i - 1] = cur[i] - ratio * cur[d - i];
    std::swap(cur, next);
  }
  return true;
}

}  // namespace

std::string FormName(const Form& f) {
  const char* trend = f.trend == TrendKind::kNone       ? "N"
                      : f.trend == TrendKind::kAdditive ? "A"
                                                        : "Ad";
  const char* season = f.season == SeasonKind::kNone       ? "N"
                       : f.season == SeasonKind::kAdditive ? "A"
                                                           : "M";
  return absl::StrCat("ETS(", f.error == ErrorKind::kAdditive ? "A" : "M", ",", trend, ",", season,
                      ")");
}

std::optional<Form> ParseFormName(std::string_view name, int period) {
  for (ErrorKind e : {ErrorKind::kAdditive, ErrorKind::kMultiplicative}) {
    for (TrendKind t : {TrendKind::kNone, TrendKind::kAdditive, TrendKind::kDamped}) {
      for (SeasonKind s : {SeasonKind::kNone, SeasonKind::kAdditive, SeasonKind::kMultiplicative}) {
        const Form f{
            .error = e, .trend = t, .season = s, .period = s == SeasonKind::kNone ? 1 : period};
        if (FormName(f) == name) return f;
      }
    }
  }
  return std::nullopt;
}

namespace {

// The recursion for one (error, trend, season) combination, so the per-step loop carries no
// form branches. Arithmetic is R's etscalc, step for step, except that sum log|yhat| is taken
// as the log of a running product of |yhat| renormalised with frexp whenever it leaves
// [1e-100, 1e100] (one log per call instead of one per step; relative error ~n * 1e-16).
template <ErrorKind kError, bool kTrend, SeasonKind kSeason>
double Filter(std::span<const double> y, const Smoothing& p, States& s, double* sum_sq_out) {
  constexpr bool kHasSeason = kSeason != SeasonKind::kNone;
  constexpr bool kMultSeason = kSeason == SeasonKind::kMultiplicative;
  constexpr bool kMultError = kError == ErrorKind::kMultiplicative;
  const std::size_t m = kHasSeason ? s.season.size() : 0;
  // Ring buffer over the seasonal states: ring[next] applies to the current step.
  std::array<double, 64> small{};
  std::vector<double> large;
  double* ring = small.data();
  if (m > small.size()) {
    large.resize(m);
    ring = large.data();
  }
  for (std::size_t j = 0; j < m; ++j) ring[j] = s.season[m - 1 - j];
  std::size_t next = 0;
  const double alpha = p.alpha;
  const double one_minus_alpha = 1.0 - alpha;
  const double phi = p.phi;
  const double gamma = p.gamma;
  // R's updates l' = q + alpha (target - q) and b' = phi b + (beta / alpha) (l' - l - phi b),
  // with q = l + phi b, are linear in (l, b) and the target, which does not depend on them:
  //   l' = (1 - alpha) l + (1 - alpha) phi b + alpha target
  //   b' = -beta l + (1 - beta) phi b + beta target.
  // Written so, the loop-carried dependency chain is a multiply and two adds per step (~9
  // cycles) instead of R's ~27; the target terms are computed off the chain.
  const double beta = kTrend ? p.beta : 0.0;
  const double k_ll = one_minus_alpha;
  const double k_lb = one_minus_alpha * phi;
  const double k_bb = (1.0 - beta) * phi;
  double level = s.level;
  double trend = kTrend ? s.trend : 0.0;
  double sum_sq = 0.0;
  double prod = 1.0;  // prod * 2^exponent = prod of |yhat| so far.
  long exponent = 0;
  for (double obs : y) {
    const double q = kTrend ? level + phi * trend : level;  // One-step base: l + phi b.
    const double old_season = kHasSeason ? ring[next] : 0.0;
    double yhat = q;
    if constexpr (kSeason == SeasonKind::kAdditive) yhat = q + old_season;
    if constexpr (kMultSeason) yhat = q * old_season;
    double e = 0.0;       // Error (relative with multiplicative errors).
    double target = obs;  // What the level moves towards (seasonally adjusted y).
    double season_target = 0.0;
    if constexpr (kMultSeason) {
      if (std::fabs(q) >= kTol && std::fabs(old_season) >= kTol && std::fabs(yhat) >= kTol)
          [[likely]] {
        // Two divisions instead of three: y / yhat = (y / s) / q.
        const double inv_q = 1.0 / q;
        target = obs / old_season;
        season_target = obs * inv_q;
        e = kMultError ? target * inv_q - 1.0 : obs - yhat;
      } else {
        e = obs - yhat;
        if constexpr (kMultError) e /= std::fabs(yhat) < kTol ? yhat + kTol : yhat;
        target = std::fabs(old_season) < kTol ? kHuge : obs / old_season;
        season_target = std::fabs(q) < kTol ? kHuge : obs / q;
      }
    } else {
      e = obs - yhat;
      if constexpr (kMultError) e /= std::fabs(yhat) < kTol ? yhat + kTol : yhat;
      if constexpr (kSeason == SeasonKind::kAdditive) {
        target = obs - old_season;
        season_target = obs - q;
      }
    }
    if constexpr (kMultError) {
      prod *= std::fabs(yhat);
      if (prod > 1e100 || prod < 1e-100) [[unlikely]] {
        if (std::isfinite(prod) && prod != 0.0) {
          int ex = 0;
          prod = std::frexp(prod, &ex);
          exponent += ex;
        }
      }
    }
    sum_sq += e * e;
    if constexpr (kHasSeason) {
      ring[next] = old_season + gamma * (season_target - old_season);
      if (++next == m) next = 0;
    }
    // R's update(), the same for both error types (see above).
    if constexpr (kTrend) {
      const double new_level = (k_lb * trend + alpha * target) + k_ll * level;
      trend = (k_bb * trend + beta * target) - beta * level;
      level = new_level;
    } else {
      level = one_minus_alpha * level + alpha * target;
    }
  }
  s.level = level;
  if constexpr (kTrend) s.trend = trend;
  for (std::size_t j = 0; j < m; ++j) s.season[j] = ring[(next + m - 1 - j) % m];
  if (sum_sq_out != nullptr) *sum_sq_out = sum_sq;
  double lik = static_cast<double>(y.size()) * std::log(sum_sq);
  if constexpr (kMultError) {
    lik += 2.0 * (std::log(prod) + static_cast<double>(exponent) * std::numbers::ln2);
  }
  if (std::isnan(lik)) return std::numeric_limits<double>::infinity();
  return std::max(lik, kLikFloor);
}

template <ErrorKind kError, bool kTrend>
double FilterBySeason(std::span<const double> y, const Form& f, const Smoothing& p, States& s,
                      double* sum_sq) {
  if (s.season.empty()) return Filter<kError, kTrend, SeasonKind::kNone>(y, p, s, sum_sq);
  switch (f.season) {
    case SeasonKind::kAdditive:
      return Filter<kError, kTrend, SeasonKind::kAdditive>(y, p, s, sum_sq);
    case SeasonKind::kMultiplicative:
      return Filter<kError, kTrend, SeasonKind::kMultiplicative>(y, p, s, sum_sq);
    case SeasonKind::kNone:
      break;
  }
  return Filter<kError, kTrend, SeasonKind::kNone>(y, p, s, sum_sq);
}

template <ErrorKind kError>
double FilterByTrend(std::span<const double> y, const Form& f, const Smoothing& p, States& s,
                     double* sum_sq) {
  return f.HasTrend() ? FilterBySeason<kError, true>(y, f, p, s, sum_sq)
                      : FilterBySeason<kError, false>(y, f, p, s, sum_sq);
}

}  // namespace

double NegTwoLogLikelihood(std::span<const double> y, const Form& f, const Smoothing& p, States& s,
                           double* sum_squared_errors) {
  return f.error == ErrorKind::kMultiplicative
             ? FilterByTrend<ErrorKind::kMultiplicative>(y, f, p, s, sum_squared_errors)
             : FilterByTrend<ErrorKind::kAdditive>(y, f, p, s, sum_squared_errors);
}

double OneStepForecast(const Form& f, const Smoothing& p, const States& s) {
  const double base = f.HasTrend() ? s.level + p.phi * s.trend : s.level;
  if (!f.HasSeason() || s.season.empty()) return base;
  return f.season == SeasonKind::kMultiplicative ? base * s.season.back() : base + s.season.back();
}

std::vector<double> PointForecast(const Form& f, const Smoothing& p, const States& s, int steps) {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(std::max(steps, 0)));
  const std::size_t m = f.HasSeason() ? s.season.size() : 0;
  double damp_sum = p.phi;  // phi + phi^2 + ... + phi^h (h for non-damped trends).
  double phi_h = p.phi;
  for (int h = 0; h < steps; ++h) {
    double v = f.HasTrend() ? s.level + damp_sum * s.trend : s.level;
    if (m > 0) {
      const double season = s.season[m - 1 - static_cast<std::size_t>(h) % m];
      v = f.season == SeasonKind::kMultiplicative ? v * season : v + season;
    }
    out.push_back(v);
    phi_h *= p.phi;
    damp_sum += phi_h;
  }
  return out;
}

bool Admissible(const Form& f, const Smoothing& p) {
  const double a = p.alpha;
  const double phi = p.phi;
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (!f.HasSeason()) {
    if (a < 1 - 1 / phi || a > 1 + 1 / phi) return false;
    return !f.HasTrend() || (p.beta >= a * (phi - 1) && p.beta <= (1 + phi) * (2 - a));
  }
  const double b = f.HasTrend() ? p.beta : 0.0;
  const double g = p.gamma;
  const auto m = static_cast<double>(f.period);
  if (g < std::max(1 - 1 / phi - a, 0.0) || g > 1 + 1 / phi - a) return false;
  if (a < 1 - 1 / phi - g * (1 - m + phi + phi * m) / (2 * phi * m)) return false;
  if (b < -(1 - phi) * (g / m + a)) return false;
  // Characteristic polynomial, lowest power first (R: P in admissible()), degree m+1.
  Coefficients c = {phi * (1 - a - g), a + b - a * phi + g - 1};
  c.resize(static_cast<std::size_t>(f.period), a + b - a * phi);
  c.push_back(a + b - phi);
  c.push_back(1.0);
  return RootsWithin(c, kRootRadius);
}

}  // namespace champion::engine::ets
