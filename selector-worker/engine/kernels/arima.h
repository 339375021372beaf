#pragma once

// A fixed-order ARIMA fit and forecast as R's forecast::Arima(y, order, seasonal,
// include.mean, include.drift) with stats::arima's default method "CSS-ML": conditional sum
// of squares for the start, then exact Gaussian maximum likelihood by the Kalman filter.

#include <span>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "engine/cancel_token.h"
#include "engine/kernels/arima_params.h"
#include "engine/kernels/arima_state_space.h"

namespace champion::engine::arima {

//! One fitted ARIMA model.
struct ArimaFit {
  ArimaSpec spec;
  //! R's layout (ArimaSpec): ar, ma, sar, sma, then the intercept or drift coefficient.
  std::vector<double> coef;
  //! forecast::Arima's innovation variance: sum(residuals^2) / (n_used - k), k = the
  //! number of coefficients (R: nstar - npar + 1). Scales the forecast variances.
  double sigma2 = 0.0;
  double loglik = 0.0;  //!< Exact Gaussian log-likelihood (stats::arima's).
  double aic = 0.0;     //!< -2 loglik + 2 (k + 1).
  //! aic + 2 K (K + 1) / (n_used - K - 1), K = k + 1; +infinity when n_used <= K + 1.
  double aicc = 0.0;
  double bic = 0.0;  //!< aic + K (log(n_used) - 2).
  //! stats::arima's own sigma2 (before forecast::Arima replaces it): the filter's sum of
  //! squared standardised innovations / n_used. auto.arima's approximation offset uses it.
  double ml_sigma2 = 0.0;
  int n = 0;       //!< Observations.
  int n_used = 0;  //!< n - d - m D, R's nobs.
  //! Standardised one-step innovations per observation (R's residuals(); near 0 for the
  //! first d + m D, which the diffuse prior absorbs).
  std::vector<double> residuals;
  //! The ML optimiser's final point: coef with the AR blocks on R's unconstrained scale (what
  //! CoefficientCovariance differentiates at).
  std::vector<double> optimizer_coef;
  //! False when an optimiser stage stopped at its iteration limit (R's code 1).
  bool converged = true;
  //! The filter's state after the last observation: where forecasts start.
  StateSpace state;
};

//! Fits `spec` to y (oldest first, all finite) as R's CSS-ML does: BFGS (R's optim
//! settings) on the conditional sum of squares from zero ARMA coefficients and the
//! regression's least-squares start, then BFGS on the exact likelihood with R's
//! stationarity transform of the AR blocks from there, and R's flip of non-invertible MA
//! roots at the end. Deterministic. Each likelihood evaluation (ArimaLikelihood) costs
//! O(d' (r + d')^2) for the diffuse start plus O(r k) per observation until the filter has
//! converged and O(p + q) after, with r = max(p + m P, q + m Q + 1), d' = d + m D, k <=
//! min(r, 2 d' + 1); O(n r^2) without differencing or with an AR part near a unit root. The
//! final fit runs the full-state filter once (O(n (r + d')^2)) for residuals and forecasts.
//! InvalidArgument: an invalid spec (ValidateSpec), a non-finite value, too few observations
//! (n must exceed d + m D + p + m P, R's conditioning length), or, as in R, when the CSS
//! estimate is non-stationary or the likelihood cannot be evaluated.
//! Cancelled: the token is checked before every objective evaluation.
absl::StatusOr<ArimaFit> FitArima(std::span<const double> y, const ArimaSpec& spec,
                                  const CancelToken& cancel);

//! A conditional-sum-of-squares fit alone: stats::arima(method = "CSS"), what
//! forecast::auto.arima fits while it searches with `approximation`.
struct ArimaCssFit {
  ArimaSpec spec;
  std::vector<double> coef;  //!< R's layout, as in ArimaFit (AR blocks not transformed).
  //! R's sigma2 for method "CSS": the mean squared conditional residual over the
  //! n - d - m D - p - m P residuals after the conditioning start.
  double sigma2 = 0.0;
  bool converged = true;  //!< False when BFGS stopped at its iteration limit.
};

//! Fits `spec` to y by BFGS on the conditional sum of squares alone (FitArima's first stage,
//! from the same start), keeping BFGS's last point even when it did not converge and without
//! a stationarity check, as stats::arima(method = "CSS") does. Deterministic.
//! InvalidArgument: as FitArima for the input, or when the objective is not finite at the
//! start. Cancelled: the token is checked before every objective evaluation.
absl::StatusOr<ArimaCssFit> FitArimaCss(std::span<const double> y, const ArimaSpec& spec,
                                        const CancelToken& cancel);

//! stats::arima's var.coef of a CSS-ML fit of y: the inverse of n_used times optim's
//! finite-difference Hessian (OptimHessian) of the likelihood criterion at the optimiser's
//! point, mapped through the Jacobian of R's AR transform (ARIMA_Gradtrans, step 1e-3).
//! forecast's checkarima rejects a fit whose diagonal has a negative or NaN entry. Empty for
//! a model without coefficients. InvalidArgument where R's optim or solve() fail: a
//! non-finite finite difference, or a Hessian with reciprocal condition number below machine
//! epsilon. Cancelled: checked before every evaluation.
absl::StatusOr<Eigen::MatrixXd> CoefficientCovariance(std::span<const double> y,
                                                      const ArimaFit& fit,
                                                      const CancelToken& cancel);

//! The same for a CSS fit (stats::arima(method = "CSS")): the inverse of n_used times the
//! Hessian of the CSS criterion at the estimate.
absl::StatusOr<Eigen::MatrixXd> CoefficientCovariance(std::span<const double> y,
                                                      const ArimaCssFit& fit,
                                                      const CancelToken& cancel);

//! Means and standard errors for 1..h steps after the fitted data (predict.Arima): the
//! Kalman forecast plus the intercept or drift * (n + step), se = sqrt(variance * sigma2).
//! A Gaussian quantile at level u is mean + z_u * se.
struct ArimaForecast {
  std::vector<double> mean;
  std::vector<double> se;
};

//! Forecasts h >= 0 steps from `fit`. InvalidArgument when h < 0.
absl::StatusOr<ArimaForecast> ForecastArima(const ArimaFit& fit, int h);

}  // namespace champion::engine::arima
