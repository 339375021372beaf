#pragma once

// The daily sales of (store, product) pairs: reading a series (GetSales, availability,
// backtests) and the all-or-nothing CSV import.

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "ingest/sales_csv.h"

namespace champion::store {

//! One observed day of a pair.
struct SalesRow {
  absl::CivilDay date;
  double quantity = 0;               //!< >= 0
  std::optional<double> unit_price;  //!< Absent when no price was recorded.
  //! A promotion of this store or a chain-wide one (store_id NULL) covers the date, for this
  //! product or for all products (product_id NULL).
  bool promo_active = false;
  //! The calendar table marks the date a holiday (false when the date is not in it).
  bool is_holiday = false;
  bool operator==(const SalesRow&) const = default;
};

struct SalesQuery {
  int64_t store_id = 0;
  int64_t product_id = 0;
  std::optional<absl::CivilDay> start_date;  //!< Inclusive; absent = unbounded.
  std::optional<absl::CivilDay> end_date;    //!< Inclusive; absent = unbounded.
  std::optional<int> limit;                  //!< At most this many days (the first ones).
};

struct ImportResult {
  int64_t rows_total = 0;
  int64_t rows_inserted = 0;
  int64_t rows_updated = 0;
  int64_t stores_created = 0;
  int64_t products_created = 0;
  bool operator==(const ImportResult&) const = default;
};

//! Implementations are thread-safe.
class SalesRepository {
 public:
  virtual ~SalesRepository() = default;

  //! The observed days of the pair within the bounds, ordered by date (days without a row are
  //! absent, docs/ENGINE.md section 1). With no bounds: every row of the pair, which is what the
  //! availability report (docs/ENGINE.md section 7) needs; the product's launch date comes from
  //! CatalogRepository::GetProduct.
  //! Errors: NotFound (unknown store or product id), Unavailable.
  virtual absl::StatusOr<std::vector<SalesRow>> GetSales(const SalesQuery& query) = 0;

  //! Upserts the rows in ONE transaction: a new (date, store, product) is inserted, an existing
  //! one gets the row's quantity and unit_price (an empty price clears it). Store codes and
  //! SKUs must exist, unless `create_missing`, which creates them (name = code, other fields
  //! empty). All or nothing: any error leaves the database unchanged.
  //! Rows are expected from ingest::ParseSalesCsv (valid values, no duplicate keys).
  //! Errors: InvalidArgument "line N: unknown store code 'X'" / "line N: unknown product sku
  //! 'X'" (the first such line), InvalidArgument for rows violating the schema, Unavailable.
  //! `may_commit` is asked right before the commit (after every row is written in the open
  //! transaction): false rolls everything back and answers Cancelled. The caller's way to
  //! say "my client went away" as late as possible. Null: always commit.
  virtual absl::StatusOr<ImportResult> ImportSales(absl::Span<const ingest::SalesCsvRow> rows,
                                                   bool create_missing,
                                                   const std::function<bool()>& may_commit) = 0;
};

}  // namespace champion::store
