#pragma once

// The state-space form of an ARIMA model and its Kalman filter, as R's stats::arima builds
// and runs them (makeARIMA, ARIMA_Like, ARIMA_CSS, KalmanForecast): the exact Gaussian
// likelihood, the conditional sum of squares, and forecasts with their variances; and the
// same exact likelihood computed on the differenced series (ArmaLikelihood), which is what
// an optimiser should evaluate.

#include <cstddef>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "Eigen/Core"
#include "Eigen/LU"
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
  //! ArmaLikelihood only: the first observation handled by the quick recursions, -1 when
  //! the filter never converged (or KalmanFilter).
  long quick_from = -1;
  //! Standardised innovations innovation / sqrt(variance), every observation (R's
  //! residuals), filled only when asked for.
  std::vector<double> residuals;

  //! The concentrated -log-likelihood per observation R's optimiser minimises:
  //! 0.5 (log(sum_squares / used) + sum_log_variance / used).
  double Criterion() const;
};

//! Runs the Kalman filter over y (finite values) from the model's current state, leaving in
//! `model` the filtered state after the last observation. O(n (r + d')^2) with d' =
//! len(delta): use it for the one pass that needs the full state (forecasts, residuals of
//! every observation), ArmaLikelihood for the likelihood alone.
FilterSums KalmanFilter(std::span<const double> y, StateSpace& model, bool residuals);

//! Where ArmaLikelihood switches from the filter to the quick recursions: the first step at
//! which the one-step variance F_t (units of sigma2) is within this of 1. F_t - 1 decays
//! geometrically, at the rate of the squared largest inverse MA root; what the switch leaves
//! out is of the order of the remaining F_t - 1 summed (tolerance / (1 - rho^2)). Measured on
//! 20,000 random seasonal models (m = 7, D = 1, n = 700, roots up to 0.95): the criterion
//! differs from KalmanFilter's by at most 1.2e-10 absolute (2e-11 relative in the
//! log-likelihood) at 1e-12, the same as at 1e-14, i.e. the full filter's own rounding with
//! kappa = 1e6; 2.6e-10 at 1e-10 and 5.8e-9 (1e-9 relative) at 1e-9. BFGS stops at a 1e-8
//! relative change and its path is sensitive to far less, so the switch must not be seen.
inline constexpr double kQuickRecursionTolerance = 1e-12;

//! Buffers ArmaLikelihood reuses from one call to the next (an optimiser's evaluations
//! allocate almost nothing once they have grown to the model's size).
struct ArmaWorkspace {
  Eigen::MatrixXd system;
  Eigen::VectorXd rhs;
  Eigen::VectorXd first_row;
  Eigen::PartialPivLU<Eigen::MatrixXd> lu;
  Eigen::MatrixXd residual;        //!< The low-rank factorisation's remaining columns.
  Eigen::MatrixXd basis;           //!< Its orthonormal basis so far.
  Eigen::VectorXd norms;           //!< Its remaining columns' norms.
  std::vector<double> gain;        //!< L_t = T P_t Z.
  std::vector<double> change;      //!< W_t (r x k), with P_t - P_(t-1) = W_t M_t W_t'.
  std::vector<double> weight;      //!< M_t (k x k).
  std::vector<double> state;       //!< a_t.
  std::vector<double> innovation;  //!< Per observation, unstandardised.
  std::vector<double> zw;
  std::vector<double> mzw;
  std::vector<double> tw;
};

//! The ARMA block of a filter's prediction for the next observation: mean a and
//! covariance P of the r ARMA states; and the filter's sums up to there.
struct ArmaStart {
  Eigen::VectorXd a;
  Eigen::MatrixXd P;
  FilterSums sums;
};

//! R's diffuse start of an ARIMA with differencing `delta` (len d' = d + m D): the full
//! filter (MakeStateSpace's prior, KalmanFilter) over the first d' observations of y. After
//! them the differencing states hold observed values, known exactly, so ARIMA_Like carries on
//! as the ARMA filter of the differenced series from this prediction: with the prior's
//! kappa = 1e6 it is not the stationary start, and the difference (about 1e-6 relative, more
//! for a series far from 0) would move R's optimiser. O(d' (r + d')^2).
ArmaStart DiffuseStart(std::span<const double> y, const Polynomials& arma,
                       const std::vector<double>& delta);

//! ARIMA_Like's sums (as KalmanFilter's) of the ARMA(phi, theta) of `arma` for the series
//! w, from `start` (DiffuseStart, whose own sums are not included) or, when null, from the
//! stationary start (Q, 0). For an ARIMA, w = y - X beta differenced d times at lag 1 and D
//! times at lag m, and with DiffuseStart over y's first d' values the sums of both add up to
//! KalmanFilter's over y. The state is ARMA-only, r = max(p + m P, q + m Q + 1), and the
//! covariance is never formed: P_(t+1) - P_t keeps the rank k of P_1 - P_0 (1 from the
//! stationary start, at most min(r, 2 d' + 1) otherwise), and the Chandrasekhar recursions
//! (Morf, Sidhu and Kailath 1974) propagate it in O(r k + k^2) per observation. Once
//! |F_t - 1| < kQuickRecursionTolerance the filter has converged to the ARMA residual
//! recursion e_t = w_t - sum phi_i w_(t-i) - sum theta_j e_(t-j) (Gardner, Harvey and
//! Phillips 1980, AS154's "quick recursions"), O(p + q) per observation; without convergence
//! (a non-invertible MA) the filter runs to the end. Setup O(r^3). `residuals`: innovation /
//! sqrt(F_t) per observation of w. Needs a stationary phi; sums are NaN where the model
//! breaks down. Nullopt, to be computed by KalmanFilter instead, when the start's one-step
//! variance F_0 exceeds 100 (an AR part near a unit root): F_t then falls to about 1 by
//! cancellation, which loses more digits in these recursions than in the covariance filter.
std::optional<FilterSums> ArmaLikelihood(std::span<const double> w, const Polynomials& arma,
                                         const ArmaStart* start, bool residuals,
                                         ArmaWorkspace& workspace);

//! ARIMA_Like's sums over y (finite, regression removed) from MakeStateSpace's start: with
//! differencing, those of KalmanFilter up to rounding (about 1e-15 relative) at
//! ArmaLikelihood's cost, DiffuseStart over y's first d' values, then ArmaLikelihood over w,
//! y differenced by `delta`; KalmanFilter itself where ArmaLikelihood declines. Without
//! differencing KalmanFilter's own, O(n r^2): the stationary start's recursions agree with it
//! to 1e-15 too, but R's optimiser is chaotic on some flat likelihoods (austres ARIMA(2,0,2)
//! with mean in the reference tests ends at a local maximum 98 lower after such a change),
//! so stationary models keep the filter their reference fits were checked with. What an
//! optimiser evaluates.
FilterSums ArimaLikelihood(std::span<const double> y, std::span<const double> w,
                           const Polynomials& arma, const std::vector<double>& delta,
                           ArmaWorkspace& workspace);

//! ARIMA_CSS: the mean squared one-step residual of the ARMA model (expanded `arma`) on y
//! differenced as in `spec`, conditioning on the first `n_condition` observations
//! (residuals before them are 0). NaN when no residual is left.
double ConditionalSumOfSquares(std::span<const double> y, const ArimaSpec& spec,
                               const Polynomials& arma, int n_condition);

//! ARIMA_CSS's differencing: x differenced d times at lag 1, then D times at lag m, in place
//! and in R's order. Entries from d + m D on hold the differenced series; the earlier ones are
//! partial differences, which the conditional sum of squares never reads. Differencing is
//! linear, so an optimiser differences y and its regressor once and combines them per
//! evaluation.
void DifferenceInPlace(std::vector<double>& x, const ArimaSpec& spec);

//! Buffers the conditional sum of squares reuses from one call to the next.
struct CssWorkspace {
  std::vector<double> e;
  std::vector<std::pair<std::size_t, double>> ar;  //!< (lag, coefficient), non-zero only.
  std::vector<std::pair<std::size_t, double>> ma;
};

//! ConditionalSumOfSquares of a series already differenced in place (DifferenceInPlace), so
//! w's first d + m D entries are not read (n_condition >= d + m D + p + m P). No allocation
//! once `workspace` has grown to w's length; O(n (number of non-zero expanded coefficients)).
double DifferencedSumOfSquares(std::span<const double> w, const Polynomials& arma, int n_condition,
                               CssWorkspace& workspace);

//! KalmanForecast: means Z'a and variances Z'PZ (in units of sigma2) for 1..h steps ahead
//! from the model's filtered state.
struct StateForecast {
  std::vector<double> mean;
  std::vector<double> variance;
};
StateForecast KalmanForecast(const StateSpace& model, int h);

}  // namespace champion::engine::arima
