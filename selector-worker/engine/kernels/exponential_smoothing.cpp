#include "engine/kernels/exponential_smoothing.h"

#include <algorithm>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/kernels/optimize.h"

namespace champion::engine {
namespace {

constexpr double kAlphaMin = 1e-4;
constexpr double kAlphaMax = 0.9999;
constexpr double kPhiMin = 0.8;
constexpr double kPhiMax = 0.98;

double Mean(std::span<const double> v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

bool HasTrend(const EtsForm& f) { return f.trend != TrendKind::kNone; }
bool HasSeason(const EtsForm& f) { return f.season != SeasonKind::kNone; }
bool FitsLevel(const EtsForm& f) { return !HasTrend(f) && !HasSeason(f); }

// Maps the optimiser's box coordinates to admissible parameters (beta <= alpha,
// gamma <= 1 - alpha by construction) and the optional fitted start level.
EtsParams Decode(std::span<const double> x, const EtsForm& f, double* level0) {
  EtsParams p;
  std::size_t i = 0;
  p.alpha = x[i++];
  if (HasTrend(f)) p.beta = x[i++] * p.alpha;
  if (HasSeason(f)) p.gamma = x[i++] * (1.0 - p.alpha);
  if (f.trend == TrendKind::kDamped) p.phi = x[i++];
  if (FitsLevel(f) && level0 != nullptr) *level0 = x[i++];
  return p;
}

double Sse(const std::vector<double>& e) {
  double s = 0.0;
  for (double v : e) s += v * v;
  return s;
}

}  // namespace

EtsState InitialState(std::span<const double> y, const EtsForm& f) {
  EtsState s;
  if (!HasSeason(f)) {
    s.level = y[0];
    s.trend = HasTrend(f) && y.size() > 1 ? y[1] - y[0] : 0.0;
    return s;
  }
  const auto m = static_cast<std::size_t>(f.period);
  const double first = Mean(y.subspan(0, m));
  s.level = first;
  s.trend = HasTrend(f) ? (Mean(y.subspan(m, m)) - first) / static_cast<double>(m) : 0.0;
  for (std::size_t i = 0; i < m; ++i) {
    s.season.push_back(f.season == SeasonKind::kMultiplicative ? y[i] / first : y[i] - first);
  }
  return s;
}

std::vector<double> EtsFilter(std::span<const double> y, const EtsForm& f, const EtsParams& p,
                              EtsState& s) {
  std::vector<double> errors;
  errors.reserve(y.size());
  const std::size_t m = s.season.size();
  std::size_t pos = 0;  // Season slot of the current step.
  for (double obs : y) {
    const double base = s.level + p.phi * s.trend;
    double season = 0.0;
    double yhat = base;
    if (m > 0) {
      season = s.season[pos];
      yhat = f.season == SeasonKind::kMultiplicative ? base * season : base + season;
    }
    const double e = obs - yhat;
    errors.push_back(e);
    // Error-correction form with additive errors (Hyndman et al. 2008, table 2.3).
    const double scale = f.season == SeasonKind::kMultiplicative ? season : 1.0;
    s.level = base + p.alpha * e / scale;
    s.trend = p.phi * s.trend + p.beta * e / scale;
    if (m > 0) {
      s.season[pos] += f.season == SeasonKind::kMultiplicative ? p.gamma * e / base : p.gamma * e;
      pos = (pos + 1) % m;
    }
  }
  if (m > 0)
    std::rotate(s.season.begin(), s.season.begin() + static_cast<long>(pos), s.season.end());
  return errors;
}

std::vector<double> EtsForecast(const EtsForm& f, const EtsParams& p, const EtsState& s,
                                int steps) {
  std::vector<double> out;
  double damp_sum = 0.0;
  double phi_h = 1.0;
  for (int h = 1; h <= steps; ++h) {
    phi_h *= p.phi;
    damp_sum += phi_h;
    const double base = s.level + (HasTrend(f) ? damp_sum * s.trend : 0.0);
    if (s.season.empty()) {
      out.push_back(base);
      continue;
    }
    const double season = s.season[static_cast<std::size_t>(h - 1) % s.season.size()];
    out.push_back(f.season == SeasonKind::kMultiplicative ? base * season : base + season);
  }
  return out;
}

absl::StatusOr<EtsFit> FitEts(std::span<const double> y, const EtsForm& f,
                              const CancelToken& cancel) {
  const std::size_t need = HasSeason(f) ? 2 * static_cast<std::size_t>(f.period) : 2;
  if (y.size() < need) {
    return absl::InvalidArgumentError(
        absl::StrCat("exponential smoothing needs at least ", need, " points, got ", y.size()));
  }
  if (f.season == SeasonKind::kMultiplicative &&
      std::any_of(y.begin(), y.end(), [](double v) { return v <= 0; })) {
    return absl::InvalidArgumentError("multiplicative seasonality needs strictly positive values");
  }
  const EtsState start = InitialState(y, f);
  std::vector<double> x0 = {0.3}, lo = {kAlphaMin}, hi = {kAlphaMax};
  auto add = [&](double x, double l, double h) {
    x0.push_back(x);
    lo.push_back(l);
    hi.push_back(h);
  };
  if (HasTrend(f)) add(0.1, 0.0, 1.0);
  if (HasSeason(f)) add(0.1, 0.0, 1.0);
  if (f.trend == TrendKind::kDamped) add(0.95, kPhiMin, kPhiMax);
  if (FitsLevel(f)) {
    const auto [mn, mx] = std::minmax_element(y.begin(), y.end());
    const double pad = std::max(1e-3, 0.1 * (*mx - *mn));  // Keeps the box non-degenerate.
    add(start.level, *mn - pad, *mx + pad);
  }
  auto objective = [&](std::span<const double> x) {
    EtsState s = start;
    const EtsParams p = Decode(x, f, &s.level);
    return Sse(EtsFilter(y, f, p, s));
  };
  ASSIGN_OR_RETURN(std::vector<double> best, Minimize(objective, x0, lo, hi, cancel));
  EtsFit fit;
  fit.form = f;
  fit.final_state = start;
  fit.params = Decode(best, f, &fit.final_state.level);
  fit.sse = Sse(EtsFilter(y, f, fit.params, fit.final_state));
  fit.n = static_cast<int>(y.size());
  fit.free_parameters = static_cast<int>(best.size()) - (FitsLevel(f) ? 1 : 0) + 1 +
                        (HasTrend(f) ? 1 : 0) + (HasSeason(f) ? f.period - 1 : 0);
  return fit;
}

}  // namespace champion::engine
