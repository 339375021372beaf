#include "engine/kernels/arima_search.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "Eigen/Eigenvalues"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/kernels/arima_params.h"
#include "engine/kernels/unit_root.h"

namespace champion::engine::arima {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// One candidate of the search: R's row of `results` (p, q, P, Q, constant, ic).
struct Candidate {
  int p = 0;
  int q = 0;
  int seasonal_p = 0;
  int seasonal_q = 0;
  bool constant = false;
  double ic = kInf;

  auto Key() const { return std::make_tuple(p, q, seasonal_p, seasonal_q, constant); }
};

// The smallest modulus of the roots of 1 + sign * (c_1 z + ... + c_k z^k), trailing
// |c_j| <= 1e-8 dropped (myarima's test); 2 (R's start) without coefficients. The roots are
// the reciprocals of the companion matrix's eigenvalues.
double MinRootModulus(const std::vector<double>& c, double sign) {
  std::size_t k = 0;
  for (std::size_t j = 0; j < c.size(); ++j) {
    if (std::abs(c[j]) > 1e-8) k = j + 1;
  }
  if (k == 0) return 2.0;
  Eigen::MatrixXd companion =
      Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k));
  for (std::size_t j = 0; j < k; ++j) companion(0, static_cast<Eigen::Index>(j)) = -sign * c[j];
  for (std::size_t j = 1; j < k; ++j) {
    companion(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(j - 1)) = 1.0;
  }
  const double largest = companion.eigenvalues().cwiseAbs().maxCoeff();
  return largest > 0 ? std::min(2.0, 1.0 / largest) : 2.0;
}

// myarima's rejection of AR or MA roots within 1.01 of the unit circle.
bool RootsNearUnitCircle(std::span<const double> coef, const ArimaSpec& spec) {
  const Polynomials poly = ExpandArma(coef, spec, false);
  double min_root = 2.0;
  if (spec.p + spec.seasonal_p > 0) min_root = std::min(min_root, MinRootModulus(poly.phi, -1));
  if (spec.q + spec.seasonal_q > 0) min_root = std::min(min_root, MinRootModulus(poly.theta, 1));
  return min_root < 1.01;
}

// forecast's checkarima on stats::arima's var.coef: a negative or NaN variance.
bool NegativeVariance(const Eigen::MatrixXd& covariance) {
  for (Eigen::Index i = 0; i < covariance.rows(); ++i) {
    if (!(covariance(i, i) >= 0)) return true;
  }
  return false;
}

// myarima's information criterion from an AIC with npar = coefficients + 1 and
// nstar = n - d - m D (R's formula even where nstar - npar - 1 <= 0).
double Criterion(double aic, const ArimaSpec& spec, int nstar, bool use_aic) {
  if (std::isnan(aic)) return kInf;
  const double npar = spec.CoefficientCount() + 1;
  if (use_aic) return aic;
  return aic + 2 * npar * (npar + 1) / (nstar - npar - 1);
}

// One myarima call: its criterion, whether stats::arima returned a model at all, and (for
// CSS-ML fits) the model.
struct Outcome {
  double ic = kInf;
  bool fitted = false;
  std::optional<ArimaFit> fit;
};

class StepwiseSearch {
 public:
  StepwiseSearch(std::span<const double> y, int period, int d, int seasonal_d,
                 const CancelToken& cancel)
      : y_(y), period_(period), d_(d), seasonal_d_(seasonal_d), cancel_(cancel) {}

  ArimaSpec Spec(const Candidate& c) const {
    const bool mean = c.constant && d_ + seasonal_d_ == 0;
    const bool drift = c.constant && d_ + seasonal_d_ == 1;
    return {.p = c.p,
            .d = d_,
            .q = c.q,
            .seasonal_p = c.seasonal_p,
            .seasonal_d = seasonal_d_,
            .seasonal_q = c.seasonal_q,
            .period = period_,
            .include_mean = mean,
            .include_drift = drift};
  }

  int NStar() const { return static_cast<int>(y_.size()) - d_ - period_ * seasonal_d_; }

  // myarima(x, order, seasonal, constant, approximation = false): the CSS-ML fit and its
  // criterion (+infinity when R's stats::arima fails or the roots are rejected).
  absl::StatusOr<Outcome> FitFull(const Candidate& c, bool use_aic) {
    if (cancel_.IsCancelled()) return absl::CancelledError("ARIMA order search cancelled");
    const ArimaSpec spec = Spec(c);
    absl::StatusOr<ArimaFit> fit = FitArima(y_, spec, cancel_);
    if (fit.status().code() == absl::StatusCode::kCancelled) return fit.status();
    if (!fit.ok()) return Outcome{};
    // stats::arima fails (R's try() gives up on the model) where optim's Hessian or solve()
    // fails; checkarima rejects a fit with a negative variance.
    const absl::StatusOr<Eigen::MatrixXd> covariance = CoefficientCovariance(y_, *fit, cancel_);
    if (covariance.status().code() == absl::StatusCode::kCancelled) return covariance.status();
    if (!covariance.ok()) return Outcome{};
    const bool bad_variance = NegativeVariance(*covariance);
    Outcome out{.ic = RootsNearUnitCircle(fit->coef, spec) || bad_variance
                          ? kInf
                          : Criterion(fit->aic, spec, NStar(), use_aic),
                .fitted = true};
    out.fit = *std::move(fit);
    return out;
  }

  // myarima(..., approximation = true): the CSS fit's criterion with R's offset.
  absl::StatusOr<Outcome> FitApproximate(const Candidate& c, double offset, bool use_aic) {
    if (cancel_.IsCancelled()) return absl::CancelledError("ARIMA order search cancelled");
    const ArimaSpec spec = Spec(c);
    absl::StatusOr<ArimaCssFit> fit = FitArimaCss(y_, spec, cancel_);
    if (fit.status().code() == absl::StatusCode::kCancelled) return fit.status();
    if (!fit.ok()) return Outcome{};
    // stats::arima fails (R's try() gives up on the model) where optim's Hessian or solve()
    // fails; checkarima rejects a fit with a negative variance.
    const absl::StatusOr<Eigen::MatrixXd> covariance = CoefficientCovariance(y_, *fit, cancel_);
    if (covariance.status().code() == absl::StatusCode::kCancelled) return covariance.status();
    if (!covariance.ok()) return Outcome{};
    const bool bad_variance = NegativeVariance(*covariance);
    const double npar = spec.CoefficientCount() + 1;
    const double aic = offset + NStar() * std::log(fit->sigma2) + 2 * npar;
    return Outcome{.ic = RootsNearUnitCircle(fit->coef, spec) || bad_variance
                             ? kInf
                             : Criterion(aic, spec, NStar(), use_aic),
                   .fitted = true};
  }

 private:
  std::span<const double> y_;
  int period_;
  int d_;
  int seasonal_d_;
  const CancelToken& cancel_;
};

absl::Status CheckArguments(std::span<const double> y, int period, int d, int seasonal_d) {
  if (period < 1) return absl::InvalidArgumentError(absl::StrCat("period must be >= 1: ", period));
  if (d < 0 || seasonal_d < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("differences must be >= 0, got d = ", d, ", D = ", seasonal_d));
  }
  if (period == 1 && seasonal_d > 0) {
    return absl::InvalidArgumentError("seasonal differences need a period > 1");
  }
  if (!std::all_of(y.begin(), y.end(), [](double v) { return std::isfinite(v); })) {
    return absl::InvalidArgumentError("ARIMA order search needs finite values");
  }
  if (IsConstant(y)) {
    return absl::InvalidArgumentError(
        "ARIMA order search: the series is constant (R fits its mean with no search)");
  }
  ArimaSpec diff{.d = d, .seasonal_d = seasonal_d, .period = period};
  const std::vector<double> dx = Difference(y, diff);
  if (dx.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("ARIMA order search: no data left after d = ", d,
                                                   " and D = ", seasonal_d, " differences"));
  }
  if (IsConstant(dx)) {
    return absl::InvalidArgumentError(
        "ARIMA order search: the differenced series is constant (R fixes a drift or mean "
        "with no search)");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ArimaSearchResult> SearchArima(std::span<const double> y, int period, int d,
                                              int seasonal_d, const ArimaSearchOptions& options,
                                              const CancelToken& cancel) {
  RETURN_IF_ERROR(CheckArguments(y, period, d, seasonal_d));
  const int n = static_cast<int>(y.size());
  const int m = period;
  int max_p = std::min(options.max_p, n / 3);
  int max_q = std::min(options.max_q, n / 3);
  int max_sp = m == 1 ? 0 : std::min(options.max_seasonal_p, n / 3 / m);
  int max_sq = m == 1 ? 0 : std::min(options.max_seasonal_q, n / 3 / m);
  const bool use_aic = n <= 3;
  if (m > 1) {
    if (max_sp > 0) max_p = std::min(max_p, m - 1);
    if (max_sq > 0) max_q = std::min(max_q, m - 1);
  }
  const bool approximation = options.approximation.value_or(n > 150 || m > 12);
  StepwiseSearch search(y, period, d, seasonal_d, cancel);

  // auto.arima's offset: the CSS-ML fit of ARIMA(0,d,0)(0,D,0) (with a mean when
  // undifferenced, stats::arima's default), 0 when it fails.
  double offset = 0.0;
  if (approximation) {
    const ArimaSpec base{.d = d, .seasonal_d = seasonal_d, .period = period, .include_mean = true};
    absl::StatusOr<ArimaFit> fit = FitArima(y, base, cancel);
    if (fit.status().code() == absl::StatusCode::kCancelled) return fit.status();
    if (fit.ok()) offset = -2 * fit->loglik - n * std::log(fit->ml_sigma2);
  }
  const bool allow_drift = options.allow_drift && d + seasonal_d == 1;
  const bool allow_mean = options.allow_mean && d + seasonal_d == 0;
  bool constant = allow_drift || allow_mean;

  int start_p = options.start_p;
  int start_q = options.start_q;
  int start_sp = options.start_seasonal_p;
  int start_sq = options.start_seasonal_q;
  if (n < 10) {
    start_p = std::min(start_p, 1);
    start_q = std::min(start_q, 1);
    start_sp = 0;
    start_sq = 0;
  }

  // R's results rows in fitting order; fits are deterministic, so a repeated model (R refits
  // the start models without checking) reuses its first outcome.
  std::vector<Candidate> results;
  std::map<std::tuple<int, int, int, int, bool>, Outcome> outcomes;
  auto evaluate = [&](Candidate c) -> absl::StatusOr<const Outcome*> {
    auto it = outcomes.find(c.Key());
    if (it == outcomes.end()) {
      Outcome o;
      if (approximation) {
        ASSIGN_OR_RETURN(o, search.FitApproximate(c, offset, use_aic));
      } else {
        ASSIGN_OR_RETURN(o, search.FitFull(c, use_aic));
      }
      it = outcomes.emplace(c.Key(), std::move(o)).first;
    }
    c.ic = it->second.ic;
    results.push_back(c);
    return &it->second;
  };
  auto is_new = [&](const Candidate& c) {
    return std::none_of(results.begin(), results.end(),
                        [&](const Candidate& r) { return r.Key() == c.Key(); });
  };

  // R's search state: the orders (p, q, P, Q, constant) around which it moves, and its
  // bestfit. They usually describe the same model, but not always: when the start model
  // without constant wins, R resets the orders and keeps `constant`.
  Candidate state{.p = std::min(start_p, max_p),
                  .q = std::min(start_q, max_q),
                  .seasonal_p = std::min(start_sp, max_sp),
                  .seasonal_q = std::min(start_sq, max_sq),
                  .constant = constant};
  ASSIGN_OR_RETURN(const Outcome* first, evaluate(state));
  Candidate best = results.back();
  bool best_fitted = first->fitted;
  // Fits c; true (and c becomes the best) when its criterion is strictly lower.
  auto improves = [&](const Candidate& c) -> absl::StatusOr<bool> {
    ASSIGN_OR_RETURN(const Outcome* o, evaluate(c));
    if (!(o->ic < best.ic)) return false;
    best = results.back();
    best_fitted = o->fitted;
    return true;
  };

  ASSIGN_OR_RETURN(bool better, improves({.constant = constant}));
  if (better) state = {.constant = state.constant};
  if (max_p > 0 || max_sp > 0) {
    const Candidate c{
        .p = max_p > 0 ? 1 : 0, .seasonal_p = m > 1 && max_sp > 0 ? 1 : 0, .constant = constant};
    ASSIGN_OR_RETURN(better, improves(c));
    if (better) state = {.p = c.p, .seasonal_p = c.seasonal_p, .constant = state.constant};
  }
  if (max_q > 0 || max_sq > 0) {
    const Candidate c{
        .q = max_q > 0 ? 1 : 0, .seasonal_q = m > 1 && max_sq > 0 ? 1 : 0, .constant = constant};
    ASSIGN_OR_RETURN(better, improves(c));
    if (better) state = {.q = c.q, .seasonal_q = c.seasonal_q, .constant = state.constant};
  }
  if (constant) {
    ASSIGN_OR_RETURN(better, improves({.constant = false}));
    if (better) state = {.constant = state.constant};
  }

  // The neighbourhood in R's order: P, Q and (P, Q) moves, then p, q and (p, q) moves, each
  // by one; after the first improvement the search restarts around the new model.
  constexpr std::array<std::array<int, 4>, 16> kMoves = {{{0, 0, -1, 0},
                                                          {0, 0, 0, -1},
                                                          {0, 0, 1, 0},
                                                          {0, 0, 0, 1},
                                                          {0, 0, -1, -1},
                                                          {0, 0, -1, 1},
                                                          {0, 0, 1, -1},
                                                          {0, 0, 1, 1},
                                                          {-1, 0, 0, 0},
                                                          {0, -1, 0, 0},
                                                          {1, 0, 0, 0},
                                                          {0, 1, 0, 0},
                                                          {-1, -1, 0, 0},
                                                          {-1, 1, 0, 0},
                                                          {1, -1, 0, 0},
                                                          {1, 1, 0, 0}}};
  const auto max_models = static_cast<std::size_t>(std::max(options.max_models, 0));
  std::size_t start_k = 0;
  bool limit_reached = false;
  while (start_k < results.size() && results.size() < max_models && !limit_reached) {
    start_k = results.size();
    bool moved = false;
    for (const auto& move : kMoves) {
      const Candidate c{.p = state.p + move[0],
                        .q = state.q + move[1],
                        .seasonal_p = state.seasonal_p + move[2],
                        .seasonal_q = state.seasonal_q + move[3],
                        .constant = state.constant};
      if (c.p < 0 || c.p > max_p || c.q < 0 || c.q > max_q || c.seasonal_p < 0 ||
          c.seasonal_p > max_sp || c.seasonal_q < 0 || c.seasonal_q > max_sq || !is_new(c)) {
        continue;
      }
      if (results.size() + 1 > max_models) {  // R: k > nmodels ends the search.
        limit_reached = true;
        break;
      }
      ASSIGN_OR_RETURN(moved, improves(c));
      if (moved) {
        state = {.p = c.p,
                 .q = c.q,
                 .seasonal_p = c.seasonal_p,
                 .seasonal_q = c.seasonal_q,
                 .constant = state.constant};
        break;
      }
    }
    if (moved || limit_reached || !(allow_drift || allow_mean)) continue;
    Candidate c = state;
    c.constant = !state.constant;
    if (!is_new(c)) continue;
    if (results.size() + 1 > max_models) break;
    ASSIGN_OR_RETURN(moved, improves(c));
    if (moved) state.constant = c.constant;
  }

  ArimaSearchResult out{.models_fitted = static_cast<int>(results.size()),
                        .approximation = approximation};
  constexpr char kNoModel[] = "ARIMA order search: no suitable ARIMA model found";
  if (!approximation) {
    if (!(best.ic < kInf)) return absl::InvalidArgumentError(kNoModel);
    out.fit = *outcomes.at(best.Key()).fit;
    return out;
  }
  // The approximation: refit by CSS-ML in increasing order of the CSS criterion (R's
  // order(), stable) and keep the first that R accepts. R skips this when its best model
  // failed to fit at all.
  if (!best_fitted) return absl::InvalidArgumentError(kNoModel);
  std::vector<std::size_t> order(results.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return results[a].ic < results[b].ic; });
  std::map<std::tuple<int, int, int, int, bool>, double> refitted;
  for (std::size_t i : order) {
    if (refitted.contains(results[i].Key())) continue;  // Deterministic: same outcome again.
    ASSIGN_OR_RETURN(Outcome o, search.FitFull(results[i], use_aic));
    refitted[results[i].Key()] = o.ic;
    if (o.ic < kInf) {
      out.fit = *std::move(o.fit);
      return out;
    }
  }
  return absl::InvalidArgumentError(kNoModel);
}

}  // namespace champion::engine::arima
