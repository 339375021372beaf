#pragma once

// Diebold-Mariano test of equal forecast accuracy (docs/ENGINE.md section 5, "beyond").

#include <span>

#include "absl/status/statusor.h"

namespace champion::engine {

struct Significance {
  double statistic = 0.0;  //!< HLN-corrected DM statistic; < 0 means `a` is more accurate.
  double p_value = 1.0;    //!< Two-sided, Student-t with n - 1 degrees of freedom.
};

//! Diebold-Mariano with squared-error loss on paired errors (same length, same points,
//! e.g. PooledErrors of two candidates) and the Harvey-Leybourne-Newbold small-sample
//! correction. The long-run variance uses autocovariances up to lag horizon - 1 (falling
//! back to lag 0 when that estimate is not positive, and horizon 1 when the HLN factor
//! would not be). Identical losses give {0, 1}; a constant non-zero loss difference gives
//! {+-inf, 0}. InvalidArgument on a length mismatch, fewer than 3 points, non-finite
//! errors or horizon < 1.
absl::StatusOr<Significance> DieboldMariano(std::span<const double> errors_a,
                                            std::span<const double> errors_b, int horizon);

//! Two-sided p-value of a Student-t statistic with `dof` > 0 degrees of freedom.
double StudentTTwoSidedPValue(double statistic, double dof);

}  // namespace champion::engine
