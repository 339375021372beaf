#pragma once

// Seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae & Terpenning 1990), as
// R's stats::stl computes it: a port of its Fortran (stl.f), same windows, degrees, jumps,
// inner and outer iterations, with stl()'s defaults for the arguments it leaves open.

#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/cancel_token.h"

namespace champion::engine {

//! The arguments of R's stl(x, s.window, robust) that the engine uses; the rest take stl()'s
//! defaults: s.degree 0, t.window = nextodd(ceiling(1.5 period / (1 - 1.5 / s.window))),
//! t.degree 1, l.window = nextodd(period), l.degree 1, jumps ceiling(window / 10), inner 2
//! and outer 0 (robust: inner 1, outer 15).
struct StlOptions {
  //! Seasonal loess window in cycles (R's numeric s.window; made odd and >= 3 as stl.f
  //! does). Ignored when `periodic`.
  int s_window = 11;
  //! R's s.window = "periodic": the window is 10 n + 1 and the seasonal component is
  //! afterwards replaced by its mean per position in the cycle.
  bool periodic = false;
  //! R's robust = TRUE: 15 outer iterations of bisquare robustness weights, 1 inner.
  bool robust = false;
};

//! The three components, each as long as the input; seasonal + trend + remainder = y.
struct StlComponents {
  std::vector<double> seasonal;
  std::vector<double> trend;
  std::vector<double> remainder;
};

//! Decomposes `y` (finite values, oldest first) with seasonal `period` (>= 2). As R:
//! InvalidArgument when y holds two periods or fewer (n <= 2 period), for a non-finite value
//! or s_window < 1. Deterministic; Cancelled when the token is set (checked per inner
//! iteration).
absl::StatusOr<StlComponents> Stl(std::span<const double> y, int period, const StlOptions& options,
                                  const CancelToken& cancel);

}  // namespace champion::engine
