#pragma once

// The daily series a selection backtests (docs/ENGINE.md section 1).

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "engine/series/sales_row.h"

namespace champion::engine {

//! How days without a sales row are treated. kNone (default): absent, not zero.
//! kZero / kLinear: days strictly between the first and last observed day of the window
//! are added with quantity 0 / linearly interpolated (never extrapolated past the ends).
enum class FillMissingDays { kNone, kZero, kLinear };

//! Wire name "none" | "zero" | "linear", and back (InvalidArgument on anything else).
const char* FillMissingDaysName(FillMissingDays fill);
absl::StatusOr<FillMissingDays> ParseFillMissingDays(std::string_view name);

//! One row per day, strictly increasing dates. All vectors have the same length. Filled
//! days (see FillMissingDays) have no price, no promotion, no holiday and imputed = true.
struct Series {
  std::vector<absl::CivilDay> dates;
  std::vector<double> values;  //!< quantity
  std::vector<std::optional<double>> unit_prices;
  std::vector<bool> promo_active;
  std::vector<bool> is_holiday;
  std::vector<bool> imputed;
  std::optional<absl::CivilDay> launch_date;  //!< For days_since_launch; nullopt = unknown.

  int size() const { return static_cast<int>(values.size()); }
};

//! The longest window a series may span, in days (about ten years of daily demand). Every
//! model's cost and memory grow with the length; a window beyond it is an error, never a
//! multi-million-day series.
inline constexpr int kMaxSeriesDays = 3660;

struct SeriesOptions {
  absl::CivilDay start_date;  //!< Inclusive.
  absl::CivilDay end_date;    //!< Inclusive.
  FillMissingDays fill = FillMissingDays::kNone;
  std::optional<absl::CivilDay> launch_date;
};

//! Builds the series from the pair's rows (any order) within [start_date, end_date]. Rows
//! on the same date are one day: quantities summed, flags OR-ed, the first known price kept.
//! InvalidArgument when start > end, the window spans more than kMaxSeriesDays, a quantity
//! is negative or non-finite, or the window holds no row ("empty window": an error for the
//! candidate, not for the run).
absl::StatusOr<Series> PrepareSeries(std::span<const SalesRow> rows, const SeriesOptions& options);

}  // namespace champion::engine
