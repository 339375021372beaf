#pragma once

// Quasi-Newton minimisation with finite-difference gradients, as R's optim(method = "BFGS")
// runs it for stats::arima (R's vmmin), so that ARIMA fits stop where R's do.

#include <functional>
#include <span>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "engine/cancel_token.h"

namespace champion::engine::arima {

//! R's optim() controls for method "BFGS", with R's defaults.
struct BfgsOptions {
  int max_iterations = 100;  //!< R's maxit (gradient evaluations).
  //! R's reltol, sqrt(machine epsilon): stop when a step improves f by less, relatively.
  double relative_tolerance = 1.4901161193847656e-08;
  double gradient_step = 1e-3;  //!< R's ndeps, on the scaled coordinates x / parscale.
  //! R's parscale: the optimiser works on x / parscale. Empty = all 1.
  std::vector<double> parscale;
};

struct BfgsResult {
  std::vector<double> x;  //!< The last accepted point.
  double value = 0.0;     //!< objective(x).
  bool converged = true;  //!< False when max_iterations ran out (R's convergence code 1).
};

//! Minimises `objective` from `start` without bounds by BFGS with an inverse-Hessian update
//! and backtracking line search (Nash's variable-metric method as in R's vmmin), with
//! central-difference gradients. Deterministic. The token is checked before every
//! evaluation: Cancelled when set. InvalidArgument when the value at `start` or a
//! finite-difference gradient is not finite, or parscale has the wrong size.
//! max_iterations <= 0 only evaluates the objective at start.
absl::StatusOr<BfgsResult> MinimizeBfgs(
    const std::function<double(std::span<const double>)>& objective, std::vector<double> start,
    const CancelToken& cancel, const BfgsOptions& options = {});

//! R's optimhess, the Hessian optim(hessian = TRUE) reports at x: central differences
//! (step options.gradient_step / parscale on the scaled coordinates x / parscale) of the
//! central-difference gradient, divided back to x's units and symmetrised. Asks for 4 k^2
//! values for k coordinates; a point asked for again (bit for bit: with parscale 1 every
//! off-diagonal point comes twice) is not evaluated again, so the cost is 2 k^2 + 1
//! objective evaluations there. InvalidArgument when a finite-difference
//! gradient is not finite (R's error) or parscale has the wrong size. Cancelled: the token is
//! checked before every evaluation.
absl::StatusOr<Eigen::MatrixXd> OptimHessian(
    const std::function<double(std::span<const double>)>& objective, std::span<const double> x,
    const CancelToken& cancel, const BfgsOptions& options = {});

}  // namespace champion::engine::arima
