#pragma once

// Forecast means and prediction quantiles of a fitted ETS form, as R forecast's forecast.ets
// (simulate = FALSE, its default) defines them, per Hyndman, Koehler, Ord & Snyder (2008,
// ch. 6):
// - class 1, additive error without a multiplicative season (ETS(A,N|A|Ad,N|A)): the exact
//   Gaussian variance, R's forecast:::class1;
// - class 2, multiplicative error with no or an additive season (ETS(M,N|A|Ad,N|A)): the
//   exact variance of the multiplicative-error form, R's forecast:::class2;
// - class 3, multiplicative error and season (ETS(M,N|A|Ad,M)): R's forecast:::class3, an
//   approximation (it ignores products of three or more errors) of the mean and variance;
//   the mean is not the point forecast beyond one season (see ForecastMean);
// all three Gaussian around the mean. Every other form (here: additive error with a
// multiplicative season; the engine fits no multiplicative trend) has no analytic formula
// and gets the quantiles of simulated sample paths, as R simulates them.
// The formulas are ports of R's code, including two places where it departs from the book
// (AnalyticMoments), so that intervals match R's to rounding.

#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/cancel_token.h"
#include "engine/kernels/ets_fit.h"
#include "engine/models/quantiles.h"

namespace champion::engine::ets {

//! Sample paths simulated per forecast for forms without an analytic variance.
inline constexpr int kSamplePaths = 500;

//! How forecast.ets obtains a form's forecast distribution.
enum class IntervalClass { kClass1, kClass2, kClass3, kSimulated };

//! R's dispatch in forecast.ets: class 1 for A error with season N/A, class 2 for M error
//! with season N/A, class 3 for M error with season M; simulated otherwise.
IntervalClass IntervalClassOf(const Form& form);

//! True for the forms with an analytic forecast variance (class 1, 2 or 3).
bool HasAnalyticVariance(const Form& form);

//! Means and variances of the 1..steps-ahead forecasts.
struct ForecastMoments {
  std::vector<double> mean;
  std::vector<double> variance;
};

//! R's class1/class2/class3 for an analytic form (HasAnalyticVariance) from its final states:
//! - class 1: mean_h = H F^(h-1) x, variance sigma2 (1 + sum_{j<h} c_j^2), c_j = H F^(j-1) G;
//! - class 2: the class-1 means and c_j; theta_1 = mean_1^2,
//!   theta_h = mean_h^2 + sigma2 sum_{j<h} c_j^2 theta_(h-j), variance (1 + sigma2) theta_h -
//!   mean_h^2;
//! - class 3: the recursions for the mean M_h and covariance V_h of the level/trend x season
//!   state products, mean_h = H1 M_h H2', variance (1 + sigma2) H21 V_h H21' + sigma2 mean_h^2.
//! As R's code has it, (a) without a trend, classes 1 and 2 place gamma in the second seasonal
//! state (R's G[3] assumes a trend slot), so gamma enters c_j at j = m - 1, 2m - 1, ... rather
//! than at multiples of m, and (b) class 3 with a damped trend uses F1 = [1 1; 0 phi] and
//! H1 = [1 1], so its mean damps as l + b (1 + phi + ... + phi^(h-1)) (the point forecast:
//! l + b (phi + ... + phi^h)).
ForecastMoments AnalyticMoments(const Form& form, const Smoothing& p, const States& final_states,
                                double sigma2, int steps);

//! The 1..steps-ahead forecasts FormQuantiles centres on, as forecast.ets returns them: the
//! class-3 mean for class-3 forms (it differs from the point forecast after one season by
//! sigma2 terms, and with a damped trend throughout), else PointForecast.
std::vector<double> ForecastMean(const FittedForm& fit, int steps);

//! Quantiles at `levels` (CheckQuantileLevels) of the 1..steps-ahead forecasts of `fit`:
//! Gaussian around ForecastMean with AnalyticMoments' variances for the analytic forms; else
//! the empirical quantiles of kSamplePaths paths simulated from the final states with Gaussian
//! errors of variance fit.sigma2 (each step's errors Latin-hypercube sampled: a permutation
//! of stratified normal values), from a fixed seed, so the result is deterministic. Floored at
//! 0 as demand is. InvalidArgument for bad levels or a non-finite sigma2; Cancelled when the
//! token is set (checked per path).
absl::StatusOr<ForecastQuantiles> FormQuantiles(const FittedForm& fit, int steps,
                                                std::span<const double> levels,
                                                const CancelToken& cancel);

}  // namespace champion::engine::ets
