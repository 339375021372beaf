#pragma once

// Demo data for a fresh Champion database: stores, products, a holiday calendar, promotions
// and daily sales with realistic retail structure (weekly and yearly seasonality, trend, price
// changes with elasticity, promotion uplift, holiday effects, intermittent slow movers, missing
// days, mid-history launches, and pairs with too little history).
//
// Pure and deterministic: the same Options give the same bytes on every platform (no
// std::*_distribution, no clock, no I/O). Ids are assigned 1..N in order, so a writer that keeps
// them makes store 1 / product 1 a READY pair (docs/ENGINE.md section 7).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace champion::seed {

struct Options {
  int stores = 5;     //!< 1..500
  int products = 20;  //!< 1..2000
  int days = 730;     //!< 1..7300; history is [end_date - days + 1, end_date]
  uint64_t seed = 42;
  //! Fixed by default so the output never depends on when it is generated.
  absl::CivilDay end_date = absl::CivilDay(2026, 6, 30);
};

struct DemoStore {
  int64_t id = 0;
  std::string code;  //!< "S001", ...
  std::string name;
  std::string region;
  std::string city;
  std::string store_type;
  bool operator==(const DemoStore&) const = default;
};

struct DemoProduct {
  int64_t id = 0;
  std::string sku;  //!< "SKU-0001", ...
  std::string name;
  std::string category;
  std::string brand;
  std::string unit_of_measure;                //!< "each" or "kg" (fractional quantities)
  std::optional<absl::CivilDay> launch_date;  //!< Unknown for some products.
  bool operator==(const DemoProduct&) const = default;
};

//! Every day of the history; holidays carry a name.
struct DemoCalendarDay {
  absl::CivilDay date;
  std::optional<std::string> holiday_name;
  bool operator==(const DemoCalendarDay&) const = default;
};

struct DemoPromotion {
  std::string name;
  std::optional<int64_t> store_id;    //!< Absent: chain-wide.
  std::optional<int64_t> product_id;  //!< Absent: every product.
  absl::CivilDay start_date;          //!< Inclusive.
  absl::CivilDay end_date;            //!< Inclusive.
  double discount_pct = 0;            //!< 0..100
  bool operator==(const DemoPromotion&) const = default;
};

struct DemoSale {
  absl::CivilDay date;
  int64_t store_id = 0;
  int64_t product_id = 0;
  double quantity = 0;               //!< >= 0; integral except for "kg" products (3 decimals).
  std::optional<double> unit_price;  //!< 2 decimals; absent on a few rows.
  bool operator==(const DemoSale&) const = default;
};

struct DemoData {
  absl::CivilDay start_date;
  absl::CivilDay end_date;
  std::vector<DemoStore> stores;
  std::vector<DemoProduct> products;
  std::vector<DemoCalendarDay> calendar;
  std::vector<DemoPromotion> promotions;
  std::vector<DemoSale> sales;  //!< Ordered by (store_id, product_id, date).
  bool operator==(const DemoData&) const = default;
};

//! InvalidArgument naming the first out-of-range option.
absl::Status ValidateOptions(const Options& options);

//! Generates the demo data set. At the defaults: 5 x 20 pairs over 730 days (about 70k sales
//! rows); the last product launched 29 days before end_date (unusable pairs), the one before it
//! 74 days before (limited pairs), product 7 mid-history, every 5th product (4, 9, ...) a slow
//! mover with mostly zero days, every 7th (5, 12, ...) sold by weight.
//! Errors: InvalidArgument from ValidateOptions.
absl::StatusOr<DemoData> GenerateDemoData(const Options& options);

}  // namespace champion::seed
