#pragma once

// Bounded derivative-free minimisation (NLopt), cancellable per objective evaluation.

#include <functional>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/cancel_token.h"

namespace champion::engine {

struct MinimizeOptions {
  int max_evaluations = 2000;
  double relative_tolerance = 1e-8;  //!< On x and on f.
};

//! Minimises `objective` over the box [lower, upper] from `start` (clamped into the box)
//! with NLopt's BOBYQA (Nelder-Mead in one dimension). Deterministic. The token is checked
//! before every evaluation: Cancelled when set. A non-finite objective value is treated
//! as a very large one. Returns the best point found. InvalidArgument on size mismatches.
absl::StatusOr<std::vector<double>> Minimize(
    const std::function<double(std::span<const double>)>& objective, std::vector<double> start,
    const std::vector<double>& lower, const std::vector<double>& upper, const CancelToken& cancel,
    const MinimizeOptions& options = {});

}  // namespace champion::engine
