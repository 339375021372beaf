#pragma once

// Prediction quantiles of a fitted ETS form, as R forecast's forecast.ets defines them: the
// analytic forecast variance of the additive-error forms (Hyndman et al. 2008, "class 1"),
// and quantiles of simulated sample paths for the forms with multiplicative components.

#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/cancel_token.h"
#include "engine/kernels/ets_fit.h"
#include "engine/models/quantiles.h"

namespace champion::engine::ets {

//! Sample paths simulated per forecast for forms without an analytic variance.
inline constexpr int kSamplePaths = 500;

//! True for the forms with an analytic forecast variance: additive errors without a
//! multiplicative season (R's class 1).
bool HasAnalyticVariance(const Form& form);

//! Variance of the 1..steps-ahead forecast errors of an analytic form (HasAnalyticVariance):
//! sigma2 (1 + sum_{j<h} c_j^2), c_j = alpha + beta (phi + ... + phi^j) + gamma [m divides j].
std::vector<double> ForecastVariances(const Form& form, const Smoothing& p, double sigma2,
                                      int steps);

//! Quantiles at `levels` (CheckQuantileLevels) of the 1..steps-ahead forecasts of `fit`:
//! Gaussian around the point forecast with ForecastVariances for the analytic forms; else the
//! empirical quantiles of kSamplePaths paths simulated from the final states with Gaussian
//! errors of variance fit.sigma2 (relative errors for multiplicative forms; each step's
//! errors Latin-hypercube sampled: a permutation of stratified normal values), from a fixed
//! seed, so the result is deterministic. Floored at 0 as demand is. InvalidArgument for bad
//! levels or a non-finite sigma2; Cancelled when the token is set (checked per path).
absl::StatusOr<ForecastQuantiles> FormQuantiles(const FittedForm& fit, int steps,
                                                std::span<const double> levels,
                                                const CancelToken& cancel);

}  // namespace champion::engine::ets
