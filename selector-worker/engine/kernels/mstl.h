#pragma once

// Decomposition with several seasonal periods (Bandara, Hyndman & Bergmeir 2021), as R
// forecast's mstl() computes it: STL (stl.h) applied to each period in turn, iterated.

#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/cancel_token.h"

namespace champion::engine {

//! forecast::mstl's arguments with its defaults (lambda = NULL: no Box-Cox transform).
struct MstlOptions {
  //! Seasonal windows, one per kept period in increasing order of period; the last one is
  //! reused when there are more periods (R's default 7 + 4 * seq(6) = 11, 15, ..., 31).
  std::vector<int> s_windows = {11, 15, 19, 23, 27, 31};
  //! Passes over all periods: R's iterate = 2 for an msts object; R forces 1 for a plain
  //! ts (one period, its frequency), as nsdiffs' seasonal-strength heuristic sees it.
  int iterate = 2;
  //! R's robust = TRUE passed down to stl().
  bool robust = false;
};

//! The decomposition: y = trend + sum of seasonal[i] + remainder.
struct MstlComponents {
  std::vector<int> periods;                   //!< The periods kept, increasing.
  std::vector<std::vector<double>> seasonal;  //!< One per kept period, each as long as y.
  std::vector<double> trend;
  std::vector<double> remainder;
  //! y minus every seasonal component (R's seasadj): trend + remainder.
  std::vector<double> SeasonallyAdjusted(std::span<const double> y) const;
};

//! The periods of `periods` mstl keeps for n observations: as R, those < n / 2 (and > 1),
//! sorted increasing without duplicates.
std::vector<int> MstlPeriods(std::span<const int> periods, int n);

//! Decomposes `y` (finite, oldest first) for `periods` (each >= 2 with n > 2 period; pass
//! MstlPeriods' result to drop the others as R does for an msts), smallest period first:
//! `iterate` passes, each adding back one period's seasonal component, decomposing with
//! stl(s.window = its s_window) and taking the new seasonal component out again; the trend is
//! the last stl's. InvalidArgument for an unsupported period, and when `periods` is empty:
//! R then smooths the trend with supsmu, which the engine does not implement (the seasonally
//! adjusted series, all a forecast needs, is then y itself). Cancelled via the token.
absl::StatusOr<MstlComponents> Mstl(std::span<const double> y, std::span<const int> periods,
                                    const MstlOptions& options, const CancelToken& cancel);

}  // namespace champion::engine
