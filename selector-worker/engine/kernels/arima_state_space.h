#pragma once

// The state-space form of an ARIMA model and its Kalman filter, as R's stats::arima builds
// and runs them (makeARIMA, ARIMA_Like, ARIMA_CSS, KalmanForecast): the exact Gaussian
// likelihood, the conditional sum of squares, and forecasts with their variances.

#include <span>
#include <vector>

#include "Eigen/Core"
#include "engine/kernels/arima_params.h"

namespace champion::engine::arima {

//! R's default prior variance of the diffuse (differencing) states.
inline constexpr double kDiffuseVariance = 1e6;

//! Harvey's state-space form of ARMA(phi, theta) with the differencing memory appended:
//! r = max(p, q + 1) ARMA states, then d' = len(delta) states holding past values. The
//! observation is Z'a with Z = (1, 0, ..., 0, delta). `a` and `P` are the filter's current
//! state mean and covariance (at construction: 0 and the initial covariance).
struct StateSpace {
  std::vector<double> phi;
  std::vector<double> theta;
  std::vector<double> delta;  //!< DifferencingCoefficients.
  Eigen::Index r = 1;
  Eigen::VectorXd a;
  Eigen::MatrixXd P;

  Eigen::Index Size() const { return r + static_cast<Eigen::Index>(delta.size()); }
};

//! The stationary covariance of the r ARMA states (what R's getQ0, Gardner et al. 1980,
//! computes): the solution of Q = T Q T' + R R'. Needs a stationary phi.
Eigen::MatrixXd StationaryCovariance(std::span<const double> phi, std::span<const double> theta);

//! makeARIMA: a = 0 and P = diag(StationaryCovariance, kappa I) (R's Gardner1980 start).
StateSpace MakeStateSpace(const Polynomials& arma, std::vector<double> delta,
                          double kappa = kDiffuseVariance);

//! ARIMA_Like's sums over the observations whose one-step variance (in units of sigma2) is
//! below 1e4, i.e. all but the diffuse start.
struct FilterSums {
  double sum_squares = 0.0;  //!< Sum of innovation^2 / variance.
  double sum_log_variance = 0.0;
  int used = 0;
  //! Standardised innovations innovation / sqrt(variance), every observation (R's
  //! residuals), filled only when asked for.
  std::vector<double> residuals;

  //! The concentrated -log-likelihood per observation R's optimiser minimises:
  //! 0.5 (log(sum_squares / used) + sum_log_variance / used).
  double Criterion() const;
};

//! Runs the Kalman filter over y (finite values) from the model's current state, leaving in
//! `model` the filtered state after the last observation.
FilterSums KalmanFilter(std::span<const double> y, StateSpace& model, bool residuals);

//! ARIMA_CSS: the mean squared one-step residual of the ARMA model (expanded `arma`) on y
//! differenced as in `spec`, conditioning on the first `n_condition` observations
//! (residuals before them are 0). NaN when no residual is left.
double ConditionalSumOfSquares(std::span<const double> y, const ArimaSpec& spec,
                               const Polynomials& arma, int n_condition);

//! KalmanForecast: means Z'a and variances Z'PZ (in units of sigma2) for 1..h steps ahead
//! from the model's filtered state.
struct StateForecast {
  std::vector<double> mean;
  std::vector<double> variance;
};
StateForecast KalmanForecast(const StateSpace& model, int h);

}  // namespace champion::engine::arima
