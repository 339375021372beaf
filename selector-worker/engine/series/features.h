#pragma once

// The feature frame of feature-aware models (docs/ENGINE.md section 4).

#include <array>
#include <string_view>

#include "Eigen/Core"
#include "engine/series/series.h"

namespace champion::engine {

//! Column order of every FeatureFrame.
inline constexpr std::array<std::string_view, 14> kFeatureColumns = {
    "lag_1",        "lag_7",        "lag_14",     "lag_28",           "dow_sin",
    "dow_cos",      "month_sin",    "month_cos",  "is_weekend",       "is_month_end",
    "price_factor", "promo_active", "is_holiday", "days_since_launch"};

//! One row per series row, one column per kFeatureColumns entry. NaN marks a value that is
//! unavailable (a lag before the series start or after known_end, days_since_launch
//! without a launch date).
struct FeatureFrame {
  Eigen::MatrixXd values;  //!< rows x kFeatureColumns.size()
  int rows() const { return static_cast<int>(values.rows()); }
};

//! 0 = Monday .. 6 = Sunday.
int DayOfWeekIndex(absl::CivilDay day);

//! Features of series rows [begin, end). Lags are positional (lag_k of row i is row i-k)
//! and filled only when i-k < known_end, so a test window never sees its own targets.
//! price_factor = unit_price / upper median of the positive prices in the whole series
//! (1.0 when either is missing). Requires 0 <= begin <= end <= series.size().
FeatureFrame BuildFeatureFrame(const Series& series, int begin, int end, int known_end);

}  // namespace champion::engine
