#pragma once

// The benchmarks' input: one deterministic synthetic daily retail series, and CSV writers so
// the Python peer (tools/bench-peer/peer.py) backtests exactly the same data and folds.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "engine/backtest/splitter.h"
#include "engine/series/sales_row.h"
#include "engine/series/series.h"

namespace champion::bench {

struct SyntheticSeriesOptions {
  int days = 730;                                     //!< >= 1; one row per calendar day.
  uint64_t seed = 42;                                 //!< Same seed, same series.
  absl::CivilDay start = absl::CivilDay(2023, 1, 2);  //!< A Monday; 730 days end 2024-12-31.
  int launch_days_before_start = 120;                 //!< days_since_launch is finite everywhere.
};

//! A daily retail series: level x weekly profile x yearly season x linear trend x holiday
//! effect x promotion uplift x price elasticity x log-normal noise, rounded to whole units.
//! Promotions (15-30 % off, 4-10 days, every 3-7 weeks) set promo_active and lower the price;
//! the shelf price steps up once; about 1 % of prices are unrecorded. Every quantity is > 0,
//! so auto_ets also tries its multiplicative forms. No day is missing.
struct SyntheticSeries {
  std::vector<engine::SalesRow> rows;  //!< One per day, in date order.
  absl::CivilDay launch_date;
  engine::Series series;  //!< PrepareSeries over the whole window (fill none).
};

//! Builds the series. Deterministic: the variates come from std::mt19937_64 through our own
//! transforms (std::*_distribution differ between standard libraries).
SyntheticSeries MakeRetailSeries(const SyntheticSeriesOptions& options);

//! CSV with header date,quantity,unit_price,promo_active,is_holiday,launch_date (ISO dates,
//! unit_price empty when unknown, flags 0/1, quantities and prices with 17 significant
//! digits). Unavailable on an I/O error.
absl::Status WriteSeriesCsv(const SyntheticSeries& data, const std::string& path);

//! CSV with header fold,train_begin,train_end,test_begin,test_end (0-based half-open rows).
absl::Status WriteFoldsCsv(const std::vector<engine::Fold>& folds, const std::string& path);

//! The feature frames the backtest builds for each fold (BuildFeatureFrame for the training
//! rows and for the test rows, both with known_end = train_end), as CSV with header
//! fold,part,row,<kFeatureColumns...>; part is "train" or "test", row the series row; NaN
//! is written as an empty field. Lets the peer check its own frame cell by cell.
absl::Status WriteFeaturesCsv(const engine::Series& series, const std::vector<engine::Fold>& folds,
                              const std::string& path);

}  // namespace champion::bench
