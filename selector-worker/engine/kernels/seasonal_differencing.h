#pragma once

// How many seasonal differences a series needs, as R forecast's nsdiffs(x, test = "seas")
// decides it: by the strength of the seasonal component of an STL decomposition.

#include <span>

#include "absl/status/statusor.h"
#include "engine/cancel_token.h"

namespace champion::engine {

//! R's threshold on the seasonal strength above which nsdiffs differences once.
inline constexpr double kSeasonalStrengthThreshold = 0.64;

//! forecast:::seas.heuristic for a plain series of frequency `period`: the seasonal strength
//! max(0, min(1, 1 - var(remainder) / var(remainder + seasonal))) of mstl() (one pass of
//! stl(s.window = 11)). InvalidArgument when stl cannot run (period < 2, n <= 2 period, a
//! non-finite value). Cancelled via the token.
absl::StatusOr<double> SeasonalStrength(std::span<const double> y, int period,
                                        const CancelToken& cancel);

//! forecast::nsdiffs(x, test = "seas", max.D = 1) for y with `period` observations per season:
//! 1 when SeasonalStrength > 0.64, else 0. R's guards: 0 for a constant series, for
//! period >= n, and when the heuristic fails (R warns and uses 0: n <= 2 period). For
//! period <= 1 R stops with "Non seasonal data"; the engine returns 0 (no seasonal
//! difference) instead. With max.D = 1 R never tests the differenced series. Only a
//! cancellation is an error.
absl::StatusOr<int> SeasonalDifferences(std::span<const double> y, int period,
                                        const CancelToken& cancel);

}  // namespace champion::engine
