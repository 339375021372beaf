#include "engine/kernels/arima.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <memory>
#include <numbers>
#include <utility>

#include "Eigen/LU"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/kernels/arima_bfgs.h"

namespace champion::engine::arima {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The one regressor forecast::Arima may add: 1 (intercept) or the time index t = 1..n
// (drift); empty without regression.
std::vector<double> Regressor(const ArimaSpec& spec, std::size_t n) {
  std::vector<double> z;
  if (spec.HasMean()) z.assign(n, 1.0);
  if (spec.include_drift) {
    for (std::size_t t = 0; t < n; ++t) z.push_back(static_cast<double>(t + 1));
  }
  return z;
}

// stats::arima's start for the regression coefficient and its optimiser scale: least
// squares through the origin of the differenced y on the differenced regressor
// (lm(dx ~ dxreg - 1)); parscale = 10 standard errors.
struct RegressionStart {
  double coef = 0.0;
  double parscale = 1.0;
};

RegressionStart StartRegression(std::span<const double> y, std::span<const double> z,
                                const ArimaSpec& spec) {
  const std::vector<double> dy = Difference(y, spec);
  const std::vector<double> dz = Difference(z, spec);
  double zz = 0.0;
  double zy = 0.0;
  for (std::size_t t = 0; t < dz.size(); ++t) {
    zz += dz[t] * dz[t];
    zy += dz[t] * dy[t];
  }
  RegressionStart s{.coef = zy / zz};
  double rss = 0.0;
  for (std::size_t t = 0; t < dz.size(); ++t) rss += std::pow(dy[t] - s.coef * dz[t], 2);
  const double se = std::sqrt(rss / static_cast<double>(dz.size() - 1) / zz);
  // An exact fit (se = 0) would make R divide by zero; keep the unit scale instead.
  if (std::isfinite(se) && se > 0) s.parscale = 10 * se;
  return s;
}

// y minus the regression term of `coef` (its last entry when the spec has a regressor).
std::vector<double> Adjusted(std::span<const double> y, std::span<const double> z,
                             std::span<const double> coef) {
  std::vector<double> x(y.begin(), y.end());
  if (z.empty()) return x;
  for (std::size_t t = 0; t < x.size(); ++t) x[t] -= coef.back() * z[t];
  return x;
}

// R's armafn: the concentrated -log-likelihood per observation; R's optimiser sees
// .Machine$double.xmax where the model cannot be built, here +infinity does the same.
// ArimaLikelihood: ARIMA_Like split where its differencing states become known, the full
// filter over the first d + m D observations, then the ARMA filter of the differenced series.
// Differencing is linear: w = diff(y) - beta diff(z), both differences kept.
class LikelihoodCriterion {
 public:
  LikelihoodCriterion(std::span<const double> y, std::span<const double> z, const ArimaSpec& spec)
      : spec_(spec),
        delta_(DifferencingCoefficients(spec)),
        y_(y),
        z_(z),
        dy_(Difference(y, spec)),
        dz_(Difference(z, spec)),
        y_adjusted_(y.size()),
        w_(dy_.size()) {}

  double operator()(std::span<const double> coef, bool transform) {
    const double beta = z_.empty() ? 0.0 : coef.back();
    for (std::size_t t = 0; t < w_.size(); ++t)
      w_[t] = dy_[t] - (dz_.empty() ? 0.0 : beta * dz_[t]);
    for (std::size_t t = 0; t < y_adjusted_.size(); ++t) {
      y_adjusted_[t] = y_[t] - (z_.empty() ? 0.0 : beta * z_[t]);
    }
    const double value =
        ArimaLikelihood(y_adjusted_, w_, ExpandArma(coef, spec_, transform), delta_, workspace_)
            .Criterion();
    return std::isnan(value) ? kInf : value;
  }

 private:
  ArimaSpec spec_;
  std::vector<double> delta_;
  std::span<const double> y_;
  std::span<const double> z_;
  std::vector<double> dy_;
  std::vector<double> dz_;
  std::vector<double> y_adjusted_;
  std::vector<double> w_;
  ArmaWorkspace workspace_;
};

// Flips non-invertible roots of the MA and seasonal MA blocks (R's maInvert).
std::vector<double> InvertMaBlocks(std::vector<double> coef, const ArimaSpec& s) {
  auto invert = [&coef](std::size_t first, int count) {
    if (count == 0) return;
    const std::span<const double> block(coef.data() + first, static_cast<std::size_t>(count));
    const std::vector<double> flipped = InvertMa(block);
    std::copy(flipped.begin(), flipped.end(), coef.begin() + static_cast<long>(first));
  };
  invert(static_cast<std::size_t>(s.p), s.q);
  invert(static_cast<std::size_t>(s.p + s.q + s.seasonal_p), s.seasonal_q);
  return coef;
}

absl::Status CheckInput(std::span<const double> y, const ArimaSpec& spec) {
  RETURN_IF_ERROR(ValidateSpec(spec));
  if (!std::all_of(y.begin(), y.end(), [](double v) { return std::isfinite(v); })) {
    return absl::InvalidArgumentError("ARIMA needs finite values");
  }
  const long needed = static_cast<long>(spec.d) + static_cast<long>(spec.period) * spec.seasonal_d +
                      spec.p + static_cast<long>(spec.period) * spec.seasonal_p;
  if (static_cast<long>(y.size()) <= needed) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ARIMA needs more than d + mD + p + mP = ", needed, " observations, got ", y.size()));
  }
  return absl::OkStatus();
}

int ConditioningLength(const ArimaSpec& spec) {
  return spec.d + spec.period * spec.seasonal_d + spec.p + spec.period * spec.seasonal_p;
}

// The conditional sum of squares objective R's armaCSS minimises. y and the regressor are
// differenced once (DifferenceInPlace) and combined per evaluation. Copies share the buffers.
std::function<double(std::span<const double>)> CssObjective(std::span<const double> y,
                                                            std::span<const double> z,
                                                            const ArimaSpec& spec) {
  struct Buffers {
    std::vector<double> dy;
    std::vector<double> dz;
    std::vector<double> w;
    CssWorkspace css;
  };
  auto buffers = std::make_shared<Buffers>();
  buffers->dy.assign(y.begin(), y.end());
  DifferenceInPlace(buffers->dy, spec);
  buffers->dz.assign(z.begin(), z.end());
  DifferenceInPlace(buffers->dz, spec);
  return [spec, buffers](std::span<const double> c) {
    std::span<const double> w(buffers->dy);
    if (!buffers->dz.empty()) {
      buffers->w.resize(buffers->dy.size());
      for (std::size_t t = 0; t < buffers->w.size(); ++t) {
        buffers->w[t] = buffers->dy[t] - c.back() * buffers->dz[t];
      }
      w = buffers->w;
    }
    const double mse = DifferencedSumOfSquares(w, ExpandArma(c, spec, false),
                                               ConditioningLength(spec), buffers->css);
    return 0.5 * std::log(mse);
  };
}

// stats::arima's zero ARMA start and the regression's least-squares start with their scales.
void StartValues(std::span<const double> y, std::span<const double> z, const ArimaSpec& spec,
                 std::vector<double>& start, std::vector<double>& parscale) {
  const std::size_t arma = static_cast<std::size_t>(spec.ArmaCount());
  start.assign(arma, 0.0);
  parscale.assign(arma, 1.0);
  if (!z.empty()) {
    const RegressionStart r = StartRegression(y, z, spec);
    start.push_back(r.coef);
    parscale.push_back(r.parscale);
  }
}

// Stage 1 (CSS): R keeps the start when BFGS hits its iteration limit.
absl::StatusOr<std::vector<double>> FitCss(std::span<const double> y, std::span<const double> z,
                                           const ArimaSpec& spec, std::vector<double> start,
                                           const std::vector<double>& parscale,
                                           const CancelToken& cancel, bool& converged) {
  ASSIGN_OR_RETURN(const BfgsResult css_fit,
                   MinimizeBfgs(CssObjective(y, z, spec), start, cancel, {.parscale = parscale}));
  converged = css_fit.converged;
  if (css_fit.converged) start = css_fit.x;
  const std::span<const double> c(start);
  if (!IsStationary(c.subspan(0, static_cast<std::size_t>(spec.p))) ||
      !IsStationary(c.subspan(static_cast<std::size_t>(spec.p + spec.q),
                              static_cast<std::size_t>(spec.seasonal_p)))) {
    return absl::InvalidArgumentError(
        "ARIMA: the conditional-sum-of-squares estimate has a non-stationary AR part");
  }
  return start;
}

}  // namespace

absl::StatusOr<ArimaFit> FitArima(std::span<const double> y, const ArimaSpec& spec,
                                  const CancelToken& cancel) {
  RETURN_IF_ERROR(CheckInput(y, spec));
  const std::vector<double> z = Regressor(spec, y.size());
  std::vector<double> start;
  std::vector<double> parscale;
  StartValues(y, z, spec, start, parscale);
  ArimaFit fit{.spec = spec, .n = static_cast<int>(y.size())};
  fit.n_used = fit.n - spec.d - spec.period * spec.seasonal_d;
  bool css_converged = true;
  ASSIGN_OR_RETURN(start, FitCss(y, z, spec, std::move(start), parscale, cancel, css_converged));

  // Stage 2 (ML) on R's unconstrained scale for the AR blocks, from invertible MA blocks.
  start = InvertMaBlocks(InverseTransform(start, spec), spec);
  LikelihoodCriterion criterion(y, z, spec);
  const std::function<double(std::span<const double>)> ml = [&](std::span<const double> c) {
    return criterion(c, true);
  };
  ASSIGN_OR_RETURN(BfgsResult ml_fit, MinimizeBfgs(ml, start, cancel, {.parscale = parscale}));
  fit.converged = css_converged && ml_fit.converged;
  std::vector<double> coef = InvertMaBlocks(ml_fit.x, spec);
  if (coef != ml_fit.x) {  // R re-evaluates (optim with maxit = 0) after flipping MA roots.
    ASSIGN_OR_RETURN(ml_fit, MinimizeBfgs(ml, coef, cancel, {.max_iterations = 0}));
  }
  fit.optimizer_coef = coef;
  fit.coef = UndoTransform(coef, spec);
  if (!std::isfinite(ml_fit.value)) {
    return absl::InvalidArgumentError("ARIMA likelihood is not finite at the optimum");
  }

  fit.state = MakeStateSpace(ExpandArma(fit.coef, spec, false), DifferencingCoefficients(spec));
  FilterSums sums = KalmanFilter(Adjusted(y, z, fit.coef), fit.state, true);
  fit.residuals = std::move(sums.residuals);
  fit.ml_sigma2 = sums.sum_squares / fit.n_used;

  // stats::arima's criteria, then forecast::Arima's AICc, BIC and sigma2.
  const double n_used = fit.n_used;
  const double k = spec.CoefficientCount();
  const double npar = k + 1;
  const double neg2loglik =
      2 * n_used * ml_fit.value + n_used + n_used * std::log(2 * std::numbers::pi);
  fit.loglik = -0.5 * neg2loglik;
  fit.aic = neg2loglik + 2 * npar;
  fit.aicc = n_used - npar - 1 > 0 ? fit.aic + 2 * npar * (npar + 1) / (n_used - npar - 1) : kInf;
  fit.bic = fit.aic + npar * (std::log(n_used) - 2);
  double sum_squares = 0.0;
  for (double e : fit.residuals) sum_squares += e * e;
  fit.sigma2 = sum_squares / (n_used - npar + 1);
  return fit;
}

absl::StatusOr<ArimaCssFit> FitArimaCss(std::span<const double> y, const ArimaSpec& spec,
                                        const CancelToken& cancel) {
  RETURN_IF_ERROR(CheckInput(y, spec));
  const std::vector<double> z = Regressor(spec, y.size());
  std::vector<double> start;
  std::vector<double> parscale;
  StartValues(y, z, spec, start, parscale);
  ASSIGN_OR_RETURN(const BfgsResult css_fit,
                   MinimizeBfgs(CssObjective(y, z, spec), start, cancel, {.parscale = parscale}));
  ArimaCssFit fit{.spec = spec, .coef = css_fit.x, .converged = css_fit.converged};
  fit.sigma2 = ConditionalSumOfSquares(Adjusted(y, z, fit.coef), spec,
                                       ExpandArma(fit.coef, spec, false), ConditioningLength(spec));
  return fit;
}

namespace {

// The optimiser's scale of each coefficient (StartValues'), which the Hessian's steps follow.
std::vector<double> ParameterScale(std::span<const double> y, const std::vector<double>& z,
                                   const ArimaSpec& spec) {
  std::vector<double> start;
  std::vector<double> parscale;
  StartValues(y, z, spec, start, parscale);
  return parscale;
}

}  // namespace

absl::StatusOr<Eigen::MatrixXd> CoefficientCovariance(std::span<const double> y,
                                                      const ArimaFit& fit,
                                                      const CancelToken& cancel) {
  const ArimaSpec& spec = fit.spec;
  const std::vector<double> z = Regressor(spec, y.size());
  const std::vector<double> parscale = ParameterScale(y, z, spec);
  LikelihoodCriterion criterion(y, z, spec);
  const std::function<double(std::span<const double>)> ml = [&](std::span<const double> c) {
    return criterion(c, true);
  };
  const std::vector<double>& point = fit.optimizer_coef;
  if (point.empty()) return Eigen::MatrixXd(0, 0);
  ASSIGN_OR_RETURN(const Eigen::MatrixXd hessian,
                   OptimHessian(ml, point, cancel, {.parscale = parscale}));
  // ARIMA_Gradtrans: forward differences of the AR maps, rows = perturbed parameter.
  const auto k = static_cast<Eigen::Index>(point.size());
  Eigen::MatrixXd jacobian = Eigen::MatrixXd::Identity(k, k);
  const std::vector<double> base = UndoTransform(point, spec);
  auto block = [&](int first, int count) {
    for (int i = first; i < first + count; ++i) {
      std::vector<double> moved = point;
      moved[static_cast<std::size_t>(i)] += 1e-3;
      const std::vector<double> out = UndoTransform(moved, spec);
      for (int j = first; j < first + count; ++j) {
        jacobian(i, j) =
            (out[static_cast<std::size_t>(j)] - base[static_cast<std::size_t>(j)]) / 1e-3;
      }
    }
  };
  block(0, spec.p);
  block(spec.p + spec.q, spec.seasonal_p);
  const Eigen::PartialPivLU<Eigen::MatrixXd> lu(hessian * fit.n_used);
  if (!(lu.rcond() >= std::numeric_limits<double>::epsilon())) {
    return absl::InvalidArgumentError("ARIMA: the likelihood's Hessian is singular");
  }
  return Eigen::MatrixXd(jacobian.transpose() * lu.solve(jacobian));
}

absl::StatusOr<Eigen::MatrixXd> CoefficientCovariance(std::span<const double> y,
                                                      const ArimaCssFit& fit,
                                                      const CancelToken& cancel) {
  const ArimaSpec& spec = fit.spec;
  const std::vector<double> z = Regressor(spec, y.size());
  const std::vector<double> parscale = ParameterScale(y, z, spec);
  if (fit.coef.empty()) return Eigen::MatrixXd(0, 0);
  ASSIGN_OR_RETURN(const Eigen::MatrixXd hessian, OptimHessian(CssObjective(y, z, spec), fit.coef,
                                                               cancel, {.parscale = parscale}));
  const int n_used = static_cast<int>(y.size()) - spec.d - spec.period * spec.seasonal_d;
  const Eigen::PartialPivLU<Eigen::MatrixXd> lu(hessian * n_used);
  if (!(lu.rcond() >= std::numeric_limits<double>::epsilon())) {
    return absl::InvalidArgumentError("ARIMA: the conditional sum of squares' Hessian is singular");
  }
  return Eigen::MatrixXd(lu.inverse());
}

absl::StatusOr<ArimaForecast> ForecastArima(const ArimaFit& fit, int h) {
  if (h < 0) return absl::InvalidArgumentError(absl::StrCat("horizon must be >= 0, got ", h));
  const StateForecast f = KalmanForecast(fit.state, h);
  ArimaForecast out;
  for (int step = 0; step < h; ++step) {
    double regression = 0.0;
    if (fit.spec.HasMean()) regression = fit.coef.back();
    if (fit.spec.include_drift) regression = fit.coef.back() * (fit.n + step + 1);
    out.mean.push_back(f.mean[step] + regression);
    out.se.push_back(std::sqrt(f.variance[step] * fit.sigma2));
  }
  return out;
}

}  // namespace champion::engine::arima
