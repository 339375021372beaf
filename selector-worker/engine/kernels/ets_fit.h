#pragma once

// Maximum-likelihood fit of one ETS form (R forecast's etsmodel()), with NLopt.

#include <span>

#include "absl/status/statusor.h"
#include "engine/cancel_token.h"
#include "engine/kernels/ets_kernel.h"

namespace champion::engine::ets {

//! R's usual bounds: alpha, beta, gamma in [1e-4, 0.9999] with beta <= alpha and
//! gamma <= 1 - alpha; phi in [0.8, 0.98].
inline constexpr double kSmoothingMin = 1e-4;
inline constexpr double kSmoothingMax = 0.9999;
inline constexpr double kPhiMin = 0.8;
inline constexpr double kPhiMax = 0.98;

//! One fitted form.
struct FittedForm {
  Form form;
  Smoothing smoothing;
  States initial;           //!< Fitted start states (R's layout).
  States final_states;      //!< After filtering the whole series: forecasts start here.
  double neg2loglik = 0.0;  //!< R's "lik" (ets_kernel.h): -2 log-likelihood + constant.
  int n = 0;
  //! Free parameters as R counts them for the criteria: smoothing parameters, start level,
  //! trend and period-1 seasonal states, plus the error variance.
  int parameter_count = 0;
  double aicc = 0.0;  //!< -2logL + 2k + 2k(k+1)/(n-k-1); +infinity when n - k - 1 <= 0.
  //! R's error variance: sum e^2 / (n - k + 1) over the one-step errors (relative with
  //! multiplicative errors), k = parameter_count; NaN when n <= k - 1.
  double sigma2 = 0.0;
  //! The optimum in the optimiser's coordinates (FitForm's warm_start for a later fit).
  std::vector<double> coordinates;
  friend bool operator==(const FittedForm&, const FittedForm&) = default;
};

//! The number of free parameters of `form` as in FittedForm::parameter_count.
int ParameterCount(const Form& form);

//! Smallest series length the form can be fitted to (R: more data than parameters + 1,
//! and a finite AICc; two full seasons with a season).
int MinimumLength(const Form& form);

//! How hard FitForm searches. The defaults are what auto_ets uses; a longer, tighter polish
//! serves as a reference when checking that the defaults find the optimum
//! (bench/ets_search_check.cpp).
struct SearchOptions {
  //! Scouts: relative on the coordinates, absolute on the criterion.
  double scout_tolerance = 1e-2;
  int polish_evaluations = 4000;
  double polish_tolerance = 1e-7;  //!< As scout_tolerance.
  //! The polish's initial simplex steps as a share of the scouts' (the polish starts at a
  //! scouted point, so a smaller simplex wastes fewer evaluations re-exploring).
  double polish_step_scale = 0.1;
};

//! Fits `form` to y by maximising the likelihood over the smoothing parameters (usual
//! bounds plus R's admissibility test) and the start states (from InitialStates), with
//! NLopt: a short, loose Subplex run (a Nelder-Mead variant; R uses Nelder-Mead) from R's
//! start and from each of the three best points of a coarse grid over the smoothing
//! parameters, then a tight Subplex run from the best of those.
//! Deterministic.
//! InvalidArgument when y is shorter than MinimumLength or has a value <= 0 for a
//! multiplicative form; Cancelled as soon as the token is seen (checked per evaluation).
//!
//! `warm_start` (optional): the coordinates of an earlier fit of the same form to data this
//! series extends (FittedForm::coordinates, e.g. the previous backtest fold's). It replaces
//! the grid's starts: one scout from R's start, one from warm_start, then the polish.
absl::StatusOr<FittedForm> FitForm(std::span<const double> y, const Form& form,
                                   const CancelToken& cancel,
                                   std::span<const double> warm_start = {},
                                   const SearchOptions& options = {});

}  // namespace champion::engine::ets
