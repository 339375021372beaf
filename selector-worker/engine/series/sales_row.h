#pragma once

// One observed day of a (store, product) pair, as the store layer hands it to the engine.

#include <optional>

#include "absl/time/civil_time.h"

namespace champion::engine {

//! One `sales_daily` row joined with its calendar and promotion facts.
struct SalesRow {
  absl::CivilDay date;
  double quantity = 0.0;             //!< Units sold, >= 0.
  std::optional<double> unit_price;  //!< Recorded price; nullopt when unknown.
  bool promo_active = false;         //!< A store or chain-wide promotion covers the date.
  bool is_holiday = false;           //!< The calendar marks the date as a holiday.
};

}  // namespace champion::engine
