#pragma once

// Internal to champion_seed: the catalog half of the generator and the demand parameters the
// sales half needs. Not part of the public API.

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "seed/demo_data.h"
#include "seed/random.h"

namespace champion::seed::internal {

struct ProductProfile {
  double base_level = 1;    //!< Mean units (or kg) per day at a store factor of 1.
  bool continuous = false;  //!< Sold by weight: fractional quantities.
  double yearly_amplitude = 0;
  int yearly_peak_day = 180;  //!< Day of year of the seasonal peak.
  double trend_per_year = 0;  //!< Relative growth per year.
  double base_price = 1;
  std::array<double, 7> weekly{};  //!< Multipliers, Monday first.
};

struct StoreProfile {
  double factor = 1;
  std::optional<absl::CivilDay> closed_from;  //!< A renovation closure (inclusive range).
  std::optional<absl::CivilDay> closed_to;
};

std::vector<DemoStore> MakeStores(const Options& options, Rng& rng,
                                  std::vector<StoreProfile>* profiles);
std::vector<DemoProduct> MakeProducts(const Options& options, absl::CivilDay start, Rng& rng,
                                      std::vector<ProductProfile>* profiles);
std::vector<DemoCalendarDay> MakeCalendar(absl::CivilDay start, absl::CivilDay end);
std::vector<DemoPromotion> MakePromotions(const Options& options, absl::CivilDay start, Rng& rng);

//! Demand multiplier of a holiday; 0 means stores are closed that day (no sales row).
double HolidayEffect(std::string_view holiday_name);

}  // namespace champion::seed::internal
