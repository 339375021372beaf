#include "engine/kernels/ets_fit.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/kernels/ets_init.h"
#include "engine/kernels/optimize.h"

namespace champion::engine::ets {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kGridStarts = 3;
// Two stages. Scout: one short, loose Subplex run (Nelder-Mead on subspaces, which shrugs off
// the +infinity of inadmissible points) from each start, enough to tell which basin is best.
// Cold starts are R's start and the grid's three best points; a warm start (the same form's
// optimum on the previous backtest fold, whose series this one extends) replaces the grid.
// Polish: one tight Subplex run with a smaller simplex from the best scout point
// (SearchOptions). bench/ets_search_check measures how close this comes to the optimum.
// (A BOBYQA polish in a small box was ~2.5x cheaper but stopped short of the optimum: on the
// demo data it left forms several AICc points above their optimum and changed the chosen
// form in 7 of 40 folds; docs/BENCHMARKS.md.)
constexpr int kScoutEvaluations = 500;

// Optimiser coordinates: alpha, [beta share], [gamma share], [phi], level, [trend],
// [period - 1 seasonal states]. beta = lo + share * (min(alpha, hi) - lo) and
// gamma = lo + share * (min(1 - alpha, hi) - lo), so R's beta <= alpha and
// gamma <= 1 - alpha hold by construction and the box bounds are the usual bounds.
Smoothing DecodeSmoothing(std::span<const double> x, const Form& f) {
  Smoothing p;
  std::size_t i = 0;
  p.alpha = x[i++];
  if (f.HasTrend()) {
    p.beta = kSmoothingMin + x[i++] * (std::min(p.alpha, kSmoothingMax) - kSmoothingMin);
  }
  if (f.HasSeason()) {
    p.gamma = kSmoothingMin + x[i++] * (std::min(1.0 - p.alpha, kSmoothingMax) - kSmoothingMin);
  }
  if (f.trend == TrendKind::kDamped) p.phi = x[i++];
  return p;
}

std::size_t SmoothingCount(const Form& f) {
  return 1 + (f.HasTrend() ? 1 : 0) + (f.HasSeason() ? 1 : 0) +
         (f.trend == TrendKind::kDamped ? 1 : 0);
}

// Start states from the coordinates into `s` (its buffers are reused); the last seasonal
// state completes the sum (0 or m).
void DecodeStatesInto(std::span<const double> x, const Form& f, States& s) {
  std::size_t i = SmoothingCount(f);
  s.level = x[i++];
  s.trend = f.HasTrend() ? x[i++] : 0.0;
  s.season.clear();
  if (f.HasSeason()) {
    double sum = 0.0;
    for (int k = 0; k < f.period - 1; ++k) {
      s.season.push_back(x[i++]);
      sum += s.season.back();
    }
    s.season.push_back((f.season == SeasonKind::kMultiplicative ? f.period : 0.0) - sum);
  }
}

States DecodeStates(std::span<const double> x, const Form& f) {
  States s;
  DecodeStatesInto(x, f, s);
  return s;
}

// R's etsTargetFunction: +infinity outside the admissible region or with a negative
// multiplicative seasonal state, else the likelihood criterion. `scratch` holds the start
// states between calls, so an evaluation allocates nothing.
double Objective(std::span<const double> y, const Form& f, std::span<const double> x,
                 States& scratch) {
  const Smoothing p = DecodeSmoothing(x, f);
  if (!Admissible(f, p)) return kInf;
  DecodeStatesInto(x, f, scratch);
  if (f.season == SeasonKind::kMultiplicative &&
      *std::min_element(scratch.season.begin(), scratch.season.end()) < 0) {
    return kInf;
  }
  return NegTwoLogLikelihood(y, f, p, scratch);
}

struct Problem {
  std::vector<double> start, lower, upper, step;
};

// Start point (R's initparam + initstate), box and initial simplex steps.
Problem MakeProblem(std::span<const double> y, const Form& f) {
  Problem pr;
  auto add = [&pr](double x, double lo, double hi, double step) {
    pr.start.push_back(x);
    pr.lower.push_back(lo);
    pr.upper.push_back(hi);
    pr.step.push_back(step);
  };
  const int m = f.HasSeason() ? f.period : 1;
  add(kSmoothingMin + 0.2 * (kSmoothingMax - kSmoothingMin) / m, kSmoothingMin, kSmoothingMax, 0.1);
  if (f.HasTrend()) add(0.1, 0.0, 1.0, 0.1);
  if (f.HasSeason()) add(0.05, 0.0, 1.0, 0.1);
  if (f.trend == TrendKind::kDamped) {
    add(kPhiMin + 0.99 * (kPhiMax - kPhiMin), kPhiMin, kPhiMax, 0.05);
  }
  double mean = 0.0;
  for (double v : y) mean += v / static_cast<double>(y.size());
  double var = 0.0;
  for (double v : y) var += (v - mean) * (v - mean) / static_cast<double>(y.size());
  const double scale = std::max(std::sqrt(var), 1e-6 * std::max(std::fabs(mean), 1.0));
  const States init = InitialStates(y, f);
  add(init.level, -kInf, kInf, 0.1 * scale);
  if (f.HasTrend()) add(init.trend, -kInf, kInf, 0.01 * scale);
  for (int k = 0; k + 1 < static_cast<int>(init.season.size()); ++k) {
    add(init.season[k], -kInf, kInf, f.season == SeasonKind::kMultiplicative ? 0.05 : 0.1 * scale);
  }
  return pr;
}

// The `count` best points of a coarse grid over the smoothing coordinates (start states
// held at pr.start's), best first, each only when it beats pr.start itself: the local
// search cannot reach optima such as alpha = beta = 1 from R's small-alpha start.
absl::StatusOr<std::vector<std::vector<double>>> GridStarts(
    const std::function<double(std::span<const double>)>& objective, const Form& f,
    const Problem& pr, std::size_t count, const CancelToken& cancel) {
  const std::vector<double> alphas = {0.02, 0.2, 0.5, 0.8, kSmoothingMax};
  const std::vector<double> shares = {0.0, 0.5, 1.0};
  const std::vector<double> phis = {kPhiMin, 0.9, kPhiMax};
  const std::vector<double> none = {-1.0};  // Placeholder for an absent coordinate.
  const double start_value = objective(pr.start);
  std::vector<std::pair<double, std::vector<double>>> ranked;
  std::vector<double> x = pr.start;
  for (double a : alphas) {
    for (double b : f.HasTrend() ? shares : none) {
      for (double g : f.HasSeason() ? shares : none) {
        for (double phi : f.trend == TrendKind::kDamped ? phis : none) {
          RETURN_IF_ERROR(CheckCancelled(cancel));
          std::size_t i = 0;
          x[i++] = a;
          if (b >= 0) x[i++] = b;
          if (g >= 0) x[i++] = g;
          if (phi >= 0) x[i++] = phi;
          const double value = objective(x);
          if (value < start_value) ranked.emplace_back(value, x);
        }
      }
    }
  }
  // Stable: equal values keep grid order, so the result is deterministic.
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& l, const auto& r) { return l.first < r.first; });
  std::vector<std::vector<double>> starts;
  for (std::size_t i = 0; i < ranked.size() && i < count; ++i) starts.push_back(ranked[i].second);
  return starts;
}

// One Subplex run from `x` with the problem's initial steps times `step_scale`; x itself
// when that does not improve the objective. The scout stage runs it short and loose, the
// polish long and tight.
absl::StatusOr<std::vector<double>> Descend(
    const std::function<double(std::span<const double>)>& objective, std::vector<double> x,
    const Problem& pr, const CancelToken& cancel, int max_evaluations, double tolerance,
    double step_scale = 1.0) {
  std::vector<double> step = pr.step;
  for (double& s : step) s *= step_scale;
  ASSIGN_OR_RETURN(std::vector<double> found, Minimize(objective, x, pr.lower, pr.upper, cancel,
                                                       {.max_evaluations = max_evaluations,
                                                        .relative_tolerance = tolerance,
                                                        .absolute_f_tolerance = tolerance,
                                                        .algorithm = MinimizeAlgorithm::kSubplex,
                                                        .initial_step = std::move(step)}));
  return objective(found) <= objective(x) ? found : x;
}

}  // namespace

int ParameterCount(const Form& f) {
  return static_cast<int>(SmoothingCount(f)) + 1 + (f.HasTrend() ? 1 : 0) +
         (f.HasSeason() ? f.period - 1 : 0) + 1;
}

int MinimumLength(const Form& f) {
  return std::max({ParameterCount(f) + 2, f.HasSeason() ? 2 * f.period : 0, 4});
}

namespace {

// InvalidArgument when `f` cannot be fitted to y.
absl::Status CheckSuits(std::span<const double> y, const Form& f) {
  const std::string name = FormName(f);
  if (static_cast<int>(y.size()) < MinimumLength(f)) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " needs at least ", MinimumLength(f), " points, got ", y.size()));
  }
  if (f.HasSeason() && f.period < 2) {
    return absl::InvalidArgumentError(absl::StrCat(name, " needs a period >= 2"));
  }
  if (f.error == ErrorKind::kAdditive && f.season == SeasonKind::kMultiplicative) {
    return absl::InvalidArgumentError(absl::StrCat(name, " is excluded (unstable, as in R)"));
  }
  if (f.error == ErrorKind::kMultiplicative &&
      std::any_of(y.begin(), y.end(), [](double v) { return v <= 0; })) {
    return absl::InvalidArgumentError(absl::StrCat(name, " needs strictly positive values"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<FittedForm> FitForm(std::span<const double> y, const Form& f,
                                   const CancelToken& cancel, std::span<const double> warm_start,
                                   const SearchOptions& options) {
  RETURN_IF_ERROR(CheckSuits(y, f));
  Problem pr = MakeProblem(y, f);
  States scratch;
  const std::function<double(std::span<const double>)> objective = [&](std::span<const double> x) {
    return Objective(y, f, x, scratch);
  };
  // Scout from R's start and from the warm start or the grid's best starts; polish the best
  // scout point.
  std::vector<std::vector<double>> starts;
  if (warm_start.size() == pr.start.size()) {
    starts.emplace_back(warm_start.begin(), warm_start.end());  // Minimize clamps it.
  } else {
    ASSIGN_OR_RETURN(starts, GridStarts(objective, f, pr, kGridStarts, cancel));
  }
  starts.insert(starts.begin(), pr.start);
  std::vector<double> x;
  double best = kInf;
  for (const std::vector<double>& start : starts) {
    ASSIGN_OR_RETURN(
        std::vector<double> local,
        Descend(objective, start, pr, cancel, kScoutEvaluations, options.scout_tolerance));
    const double value = objective(local);
    if (x.empty() || value < best) {
      best = value;
      x = std::move(local);
    }
  }
  ASSIGN_OR_RETURN(x, Descend(objective, std::move(x), pr, cancel, options.polish_evaluations,
                              options.polish_tolerance, options.polish_step_scale));
  best = objective(x);
  if (!std::isfinite(best)) {
    return absl::InvalidArgumentError(absl::StrCat(FormName(f), ": no admissible fit found"));
  }
  FittedForm fit{.form = f, .smoothing = DecodeSmoothing(x, f), .initial = DecodeStates(x, f)};
  fit.final_states = fit.initial;
  double sum_sq = 0.0;
  fit.neg2loglik = NegTwoLogLikelihood(y, f, fit.smoothing, fit.final_states, &sum_sq);
  fit.n = static_cast<int>(y.size());
  fit.parameter_count = ParameterCount(f);
  const double k = fit.parameter_count;
  // R: sigma2 = sum(e^2) / (n - length(par)); par holds every parameter but the variance.
  fit.sigma2 = fit.n - (k - 1) > 0 ? sum_sq / (fit.n - (k - 1)) : kNaN;
  const double denom = fit.n - k - 1;
  fit.aicc = denom > 0 ? fit.neg2loglik + 2 * k + 2 * k * (k + 1) / denom : kInf;
  fit.coordinates = std::move(x);
  return fit;
}

}  // namespace champion::engine::ets
