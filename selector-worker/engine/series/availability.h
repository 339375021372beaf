#pragma once

// Data availability of one (store, product) pair (docs/ENGINE.md section 7).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "engine/backtest/split_config.h"
#include "engine/series/sales_row.h"

namespace champion::engine {

enum class AvailabilityStatus { kReady, kLimited, kUnusable };

//! Wire name: "ready", "limited", "unusable".
const char* AvailabilityStatusName(AvailabilityStatus status);

//! The Syntetos-Boylan demand classes, plus a pair that never sold.
enum class DemandPattern { kSmooth, kErratic, kIntermittent, kLumpy, kNoDemand };

//! Wire name: "smooth", "erratic", "intermittent", "lumpy", "no_demand"; and back (nullopt for
//! anything else).
const char* DemandPatternName(DemandPattern pattern);
std::optional<DemandPattern> ParseDemandPattern(std::string_view name);

//! Syntetos-Boylan cut-offs: ADI >= 1.32 is intermittent timing, CV² >= 0.49 erratic sizes.
inline constexpr double kAdiCutoff = 1.32;
inline constexpr double kCv2Cutoff = 0.49;

struct DemandClass {
  DemandPattern pattern = DemandPattern::kNoDemand;
  //! Average inter-demand interval: days / days with demand. nullopt without demand.
  std::optional<double> adi;
  //! Squared coefficient of variation (population) of the non-zero daily quantities; 0 with
  //! one demand day, nullopt without demand.
  std::optional<double> cv2;
};

//! Classifies daily quantities (one value per observed day, all >= 0).
DemandClass ClassifyDemand(std::span<const double> daily_quantities);

//! True for the patterns where most days have no demand (intermittent, lumpy).
bool IsIntermittent(DemandPattern pattern);

struct AvailabilityOptions {
  int forecast_horizon = 14;  //!< >= 1.
  int n_splits = 5;           //!< >= 1.
  int min_train_size = 30;    //!< >= 1.
  //! false when promotions cannot be derived (e.g. the promotion table is unreadable):
  //! promotion_days is then nullopt and a warning says so.
  bool promotions_derivable = true;
};

struct Availability {
  std::optional<absl::CivilDay> first_date;  //!< nullopt when there are no rows.
  std::optional<absl::CivilDay> last_date;
  int observed_days = 0;              //!< Distinct dates with a row.
  int expected_calendar_days = 0;     //!< last - first + 1; 0 without rows.
  double coverage_ratio = 0.0;        //!< observed / expected; 0 without rows.
  int missing_days = 0;               //!< expected - observed.
  int zero_sale_days = 0;             //!< Distinct dates whose total quantity is 0.
  std::optional<int> promotion_days;  //!< Distinct dates with promo_active.
  double average_daily_demand = 0.0;  //!< Total quantity / observed_days; 0 without rows.
  //! ClassifyDemand over the observed days' totals (nullopt only when decoded from a run
  //! stored before the classification existed).
  std::optional<DemandClass> demand;
  AvailabilityStatus status = AvailabilityStatus::kUnusable;
  int required_days_ready = 0;    //!< min_train + horizon * n_splits.
  int required_days_limited = 0;  //!< min_train + horizon.
  //! expanding, n_splits = clamp((observed - min_train) / horizon, 2, 5), min_train, gap 0,
  //! horizon.
  SplitConfig recommended_split_config;
  std::string reason;  //!< One sentence explaining the status.
  //! Coverage, derivation and demand-pattern warnings, in that order.
  std::vector<std::string> warnings;
};

//! Computes availability over ALL rows of the pair (any order; rows sharing a date are
//! summed as one day). Pure and deterministic. InvalidArgument when an option is < 1 or a
//! quantity is negative or non-finite.
absl::StatusOr<Availability> ComputeAvailability(std::span<const SalesRow> rows,
                                                 const AvailabilityOptions& options);

}  // namespace champion::engine
