#pragma once

// Bounded derivative-free minimisation (NLopt), cancellable per objective evaluation.

#include <functional>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/cancel_token.h"

namespace champion::engine {

//! Which NLopt local derivative-free algorithm Minimize runs.
enum class MinimizeAlgorithm {
  kAuto,     //!< BOBYQA; Nelder-Mead in one dimension.
  kSubplex,  //!< NLOPT_LN_SBPLX (Nelder-Mead on subspaces): tolerates objectives that jump
             //!< to "infeasible" (+inf) and infinite bounds.
};

struct MinimizeOptions {
  int max_evaluations = 2000;
  double relative_tolerance = 1e-8;  //!< On x and on f.
  double absolute_f_tolerance = 0;   //!< Stop when f changes by less; 0 = off.
  MinimizeAlgorithm algorithm = MinimizeAlgorithm::kAuto;
  //! Initial simplex / trust-region step per coordinate; empty = NLopt's heuristic.
  std::vector<double> initial_step;
};

//! Minimises `objective` over the box [lower, upper] (bounds may be infinite for
//! kSubplex) from `start` (clamped into the box) with the chosen NLopt algorithm.
//! Deterministic. The token is checked before every evaluation: Cancelled when set. A non-finite
//! objective value is treated as a very large one. Returns the best point found. InvalidArgument on
//! size mismatches.
absl::StatusOr<std::vector<double>> Minimize(
    const std::function<double(std::span<const double>)>& objective, std::vector<double> start,
    const std::vector<double>& lower, const std::vector<double>& upper, const CancelToken& cancel,
    const MinimizeOptions& options = {});

}  // namespace champion::engine
