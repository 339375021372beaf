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
// CSS-ML fits) the model. `fitted` is only read for the search's first model (R's bestfit
// before any comparison); for the others a model rejected for its roots counts as fitted
// without asking whether stats::arima's Hessian would have failed (see Rejected).
struct Outcome {
  double ic = kInf;
  bool fitted = false;
  std::optional<ArimaFit> fit;
};

class CandidateFitter {
 public:
  CandidateFitter(std::span<const double> y, int period, int d, int seasonal_d,
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
  absl::StatusOr<Outcome> FitFull(const Candidate& c, bool use_aic, bool need_fitted) {
    if (cancel_.IsCancelled()) return absl::CancelledError("ARIMA order search cancelled");
    const ArimaSpec spec = Spec(c);
    absl::StatusOr<ArimaFit> fit = FitArima(y_, spec, cancel_);
    if (fit.status().code() == absl::StatusCode::kCancelled) return fit.status();
    if (!fit.ok()) return Outcome{};
    ASSIGN_OR_RETURN(const std::optional<bool> rejected,
                     Rejected(*fit, fit->coef, spec, need_fitted));
    if (!rejected) return Outcome{};
    Outcome out{.ic = *rejected ? kInf : Criterion(fit->aic, spec, NStar(), use_aic),
                .fitted = true};
    out.fit = *std::move(fit);
    return out;
  }

  // myarima(..., approximation = true): the CSS fit's criterion with R's offset.
  absl::StatusOr<Outcome> FitApproximate(const Candidate& c, double offset, bool use_aic,
                                         bool need_fitted) {
    if (cancel_.IsCancelled()) return absl::CancelledError("ARIMA order search cancelled");
    const ArimaSpec spec = Spec(c);
    absl::StatusOr<ArimaCssFit> fit = FitArimaCss(y_, spec, cancel_);
    if (fit.status().code() == absl::StatusCode::kCancelled) return fit.status();
    if (!fit.ok()) return Outcome{};
    ASSIGN_OR_RETURN(const std::optional<bool> rejected,
                     Rejected(*fit, fit->coef, spec, need_fitted));
    if (!rejected) return Outcome{};
    const double npar = spec.CoefficientCount() + 1;
    const double aic = offset + NStar() * std::log(fit->sigma2) + 2 * npar;
    return Outcome{.ic = *rejected ? kInf : Criterion(aic, spec, NStar(), use_aic), .fitted = true};
  }

 private:
  // Whether R rejects the fitted model: roots near the unit circle, or (checkarima) a
  // negative variance in stats::arima's var.coef. nullopt where stats::arima itself fails
  // (R's try() gives up on the model): optim's Hessian or solve() fails. Cancelled passes on.
  // Roots near the unit circle reject the model whatever its variances, so the Hessian (2 k^2
  // + 1 more evaluations of the objective) is only computed for them when `need_fitted` asks
  // whether stats::arima would have failed first.
  template <typename Fit>
  absl::StatusOr<std::optional<bool>> Rejected(const Fit& fit, std::span<const double> coef,
                                               const ArimaSpec& spec, bool need_fitted) {
    const bool roots_rejected = RootsNearUnitCircle(coef, spec);
    if (roots_rejected && !need_fitted) return std::optional<bool>(true);
    const absl::StatusOr<Eigen::MatrixXd> covariance = CoefficientCovariance(y_, fit, cancel_);
    if (covariance.status().code() == absl::StatusCode::kCancelled) return covariance.status();
    if (!covariance.ok()) return std::optional<bool>();
    return std::optional<bool>(roots_rejected || NegativeVariance(*covariance));
  }

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

// The order bounds auto.arima derives from n and m.
struct Bounds {
  int max_p = 0;
  int max_q = 0;
  int max_sp = 0;
  int max_sq = 0;

  bool Contains(const Candidate& c) const {
    return c.p >= 0 && c.p <= max_p && c.q >= 0 && c.q <= max_q && c.seasonal_p >= 0 &&
           c.seasonal_p <= max_sp && c.seasonal_q >= 0 && c.seasonal_q <= max_sq;
  }
};

Bounds SearchBounds(int n, int m, const ArimaSearchOptions& options) {
  Bounds b{.max_p = std::min(options.max_p, n / 3),
           .max_q = std::min(options.max_q, n / 3),
           .max_sp = m == 1 ? 0 : std::min(options.max_seasonal_p, n / 3 / m),
           .max_sq = m == 1 ? 0 : std::min(options.max_seasonal_q, n / 3 / m)};
  if (m > 1) {
    if (b.max_sp > 0) b.max_p = std::min(b.max_p, m - 1);
    if (b.max_sq > 0) b.max_q = std::min(b.max_q, m - 1);
  }
  return b;
}

// The neighbourhood in R's order: P, Q and (P, Q) moves, then p, q and (p, q) moves, each by
// one, as (dp, dq, dP, dQ).
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

constexpr char kNoModel[] = "ARIMA order search: no suitable ARIMA model found";

// auto.arima's stepwise loop. R keeps two things apart: its search state (the orders p, q,
// P, Q and `constant` it moves around) and its bestfit. They usually describe the same
// model, but not always: when the start model without constant wins, R resets the orders
// and keeps `constant`.
class Stepwise {
 public:
  Stepwise(CandidateFitter& fitter, Bounds bounds, bool approximation, double offset, bool use_aic,
           std::size_t max_models)
      : fitter_(fitter),
        bounds_(bounds),
        approximation_(approximation),
        offset_(offset),
        use_aic_(use_aic),
        max_models_(max_models) {}

  // The start models, in R's order (fitted even when they repeat one another).
  absl::Status Start(Candidate start, int m) {
    const bool constant = start.constant;
    state_ = start;
    ASSIGN_OR_RETURN(const Outcome* first, Evaluate(state_));
    best_ = results_.back();
    best_fitted_ = first->fitted;
    ASSIGN_OR_RETURN(bool better, Improves({.constant = constant}));
    if (better) state_ = {.constant = state_.constant};
    if (bounds_.max_p > 0 || bounds_.max_sp > 0) {
      const Candidate c{.p = bounds_.max_p > 0 ? 1 : 0,
                        .seasonal_p = m > 1 && bounds_.max_sp > 0 ? 1 : 0,
                        .constant = constant};
      ASSIGN_OR_RETURN(better, Improves(c));
      if (better) state_ = {.p = c.p, .seasonal_p = c.seasonal_p, .constant = state_.constant};
    }
    if (bounds_.max_q > 0 || bounds_.max_sq > 0) {
      const Candidate c{.q = bounds_.max_q > 0 ? 1 : 0,
                        .seasonal_q = m > 1 && bounds_.max_sq > 0 ? 1 : 0,
                        .constant = constant};
      ASSIGN_OR_RETURN(better, Improves(c));
      if (better) state_ = {.q = c.q, .seasonal_q = c.seasonal_q, .constant = state_.constant};
    }
    if (constant) {
      ASSIGN_OR_RETURN(better, Improves({.constant = false}));
      if (better) state_ = {.constant = state_.constant};
    }
    return absl::OkStatus();
  }

  // Moves until a whole neighbourhood brings no improvement or max_models fits are done;
  // after each improvement the search restarts around the new model.
  absl::Status Run(bool toggle_constant) {
    std::size_t start_k = 0;
    while (start_k < results_.size() && results_.size() < max_models_) {
      start_k = results_.size();
      bool moved = false;
      for (const auto& move : kMoves) {
        const Candidate c{.p = state_.p + move[0],
                          .q = state_.q + move[1],
                          .seasonal_p = state_.seasonal_p + move[2],
                          .seasonal_q = state_.seasonal_q + move[3],
                          .constant = state_.constant};
        if (!bounds_.Contains(c) || !IsNew(c)) continue;
        if (results_.size() + 1 > max_models_) return absl::OkStatus();  // R: k > nmodels.
        ASSIGN_OR_RETURN(moved, Improves(c));
        if (moved) {
          state_ = c;
          state_.ic = kInf;
          break;
        }
      }
      if (moved || !toggle_constant) continue;
      Candidate c = state_;
      c.constant = !state_.constant;
      if (!IsNew(c)) continue;
      if (results_.size() + 1 > max_models_) return absl::OkStatus();
      ASSIGN_OR_RETURN(moved, Improves(c));
      if (moved) state_.constant = c.constant;
    }
    return absl::OkStatus();
  }

  // R's result: bestfit itself, or with the approximation the first model in increasing
  // order of the CSS criterion (R's order(), stable) whose CSS-ML refit R accepts. R skips
  // the refits when its best model failed to fit at all.
  absl::StatusOr<ArimaSearchResult> Choose() {
    ArimaSearchResult out{.models_fitted = static_cast<int>(results_.size()),
                          .approximation = approximation_};
    if (!approximation_) {
      if (!(best_.ic < kInf)) return absl::InvalidArgumentError(kNoModel);
      out.fit = *outcomes_.at(best_.Key()).fit;
      return out;
    }
    if (!best_fitted_) return absl::InvalidArgumentError(kNoModel);
    std::vector<std::size_t> order(results_.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return results_[a].ic < results_[b].ic; });
    std::map<std::tuple<int, int, int, int, bool>, double> refitted;
    for (std::size_t i : order) {
      if (refitted.contains(results_[i].Key())) continue;  // Deterministic: same outcome.
      ASSIGN_OR_RETURN(Outcome o, fitter_.FitFull(results_[i], use_aic_, /*need_fitted=*/false));
      refitted[results_[i].Key()] = o.ic;
      if (o.ic < kInf) {
        out.fit = *std::move(o.fit);
        return out;
      }
    }
    return absl::InvalidArgumentError(kNoModel);
  }

 private:
  // myarima on one candidate, recorded as R's next results row. Fits are deterministic, so
  // a repeated model reuses its first outcome.
  absl::StatusOr<const Outcome*> Evaluate(Candidate c) {
    auto it = outcomes_.find(c.Key());
    if (it == outcomes_.end()) {
      Outcome o;
      const bool first = results_.empty();
      if (approximation_) {
        ASSIGN_OR_RETURN(o, fitter_.FitApproximate(c, offset_, use_aic_, first));
      } else {
        ASSIGN_OR_RETURN(o, fitter_.FitFull(c, use_aic_, first));
      }
      it = outcomes_.emplace(c.Key(), std::move(o)).first;
    }
    c.ic = it->second.ic;
    results_.push_back(c);
    return &it->second;
  }

  // Fits c; true (and c becomes bestfit) when its criterion is strictly lower.
  absl::StatusOr<bool> Improves(const Candidate& c) {
    ASSIGN_OR_RETURN(const Outcome* o, Evaluate(c));
    if (!(o->ic < best_.ic)) return false;
    best_ = results_.back();
    best_fitted_ = o->fitted;
    return true;
  }

  // R's newmodel(): not among the results so far.
  bool IsNew(const Candidate& c) const {
    return std::none_of(results_.begin(), results_.end(),
                        [&](const Candidate& r) { return r.Key() == c.Key(); });
  }

  CandidateFitter& fitter_;
  Bounds bounds_;
  bool approximation_;
  double offset_;
  bool use_aic_;
  std::size_t max_models_;
  std::vector<Candidate> results_;  // R's results rows, in fitting order.
  std::map<std::tuple<int, int, int, int, bool>, Outcome> outcomes_;
  Candidate state_;
  Candidate best_;
  bool best_fitted_ = false;
};

// auto.arima's offset for the approximation: from the CSS-ML fit of ARIMA(0,d,0)(0,D,0)
// (with a mean when undifferenced, stats::arima's default), 0 when that fit fails.
absl::StatusOr<double> ApproximationOffset(std::span<const double> y, int period, int d,
                                           int seasonal_d, const CancelToken& cancel) {
  const ArimaSpec base{.d = d, .seasonal_d = seasonal_d, .period = period, .include_mean = true};
  absl::StatusOr<ArimaFit> fit = FitArima(y, base, cancel);
  if (fit.status().code() == absl::StatusCode::kCancelled) return fit.status();
  if (!fit.ok()) return 0.0;
  return -2 * fit->loglik - static_cast<double>(y.size()) * std::log(fit->ml_sigma2);
}

}  // namespace

absl::StatusOr<ArimaSearchResult> SearchArima(std::span<const double> y, int period, int d,
                                              int seasonal_d, const ArimaSearchOptions& options,
                                              const CancelToken& cancel) {
  RETURN_IF_ERROR(CheckArguments(y, period, d, seasonal_d));
  const int n = static_cast<int>(y.size());
  const Bounds bounds = SearchBounds(n, period, options);
  const bool approximation = options.approximation.value_or(n > 150 || period > 12);
  double offset = 0.0;
  if (approximation) {
    ASSIGN_OR_RETURN(offset, ApproximationOffset(y, period, d, seasonal_d, cancel));
  }
  const bool allow_drift = options.allow_drift && d + seasonal_d == 1;
  const bool allow_mean = options.allow_mean && d + seasonal_d == 0;
  // R narrows the start for fewer than 10 observations.
  const bool short_series = n < 10;
  const Candidate start{
      .p = std::min(short_series ? std::min(options.start_p, 1) : options.start_p, bounds.max_p),
      .q = std::min(short_series ? std::min(options.start_q, 1) : options.start_q, bounds.max_q),
      .seasonal_p = std::min(short_series ? 0 : options.start_seasonal_p, bounds.max_sp),
      .seasonal_q = std::min(short_series ? 0 : options.start_seasonal_q, bounds.max_sq),
      .constant = allow_drift || allow_mean};

  CandidateFitter fitter(y, period, d, seasonal_d, cancel);
  Stepwise search(fitter, bounds, approximation, offset, /*use_aic=*/n <= 3,
                  static_cast<std::size_t>(std::max(options.max_models, 0)));
  RETURN_IF_ERROR(search.Start(start, period));
  RETURN_IF_ERROR(search.Run(allow_drift || allow_mean));
  return search.Choose();
}

}  // namespace champion::engine::arima
