#pragma once

// Start states for the ETS fit: R forecast's initstate() heuristic (Hyndman et al. 2008,
// section 2.6.1), which the optimiser then refines.

#include <span>

#include "engine/kernels/ets_kernel.h"

namespace champion::engine::ets {

//! R's initstate plus its extra seasonal state:
//! - season: a classical decomposition (decompose(): centred moving average of order m,
//!   seasonal figure averaged per position and normalised) when y has >= 3 seasons, else a
//!   regression on a linear trend and one Fourier pair; multiplicative indices are floored
//!   at 0.01; the m-th state makes additive states sum to 0 and multiplicative ones to m;
//! - level (and trend): over the seasonally adjusted first max(10, 2m) points, their mean
//!   without a trend, else the intercept and slope of a least-squares line.
//! Preconditions (the caller's): y.size() >= 4, >= 2 * form.period with a season, and
//! y > 0 with a multiplicative season.
States InitialStates(std::span<const double> y, const Form& form);

}  // namespace champion::engine::ets
