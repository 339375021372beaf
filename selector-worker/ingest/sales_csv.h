#pragma once

// Parser for the sales import file (docs/API.md, POST /sales:import):
//
//   date,store_code,product_sku,quantity[,unit_price]
//   2024-03-01,S001,SKU-0001,12,2.49
//
// The header line is required and its names are checked (case-insensitive). Pure: no I/O.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace champion::ingest {

//! One validated data row of a sales file.
struct SalesCsvRow {
  int line = 0;  //!< 1-based line of the row in the file (the header is line 1).
  absl::CivilDay date;
  std::string store_code;            //!< Non-empty, at most kMaxCodeLength bytes.
  std::string product_sku;           //!< Non-empty, at most kMaxCodeLength bytes.
  double quantity = 0;               //!< Finite, >= 0 (weights and volumes are allowed: 1.25).
  std::optional<double> unit_price;  //!< Finite, >= 0; absent when the cell is empty/missing.

  bool operator==(const SalesCsvRow&) const = default;
};

inline constexpr size_t kMaxCodeLength = 64;

//! Parses a whole sales file. Rules:
//!  - header `date,store_code,product_sku,quantity` with an optional `,unit_price` column;
//!  - every row has exactly as many fields as the header;
//!  - date: ISO `YYYY-MM-DD`, a real calendar date;
//!  - quantity / unit_price: plain non-negative decimals (`12`, `0.5`, `.5`), no sign, no
//!    exponent; unit_price may be empty;
//!  - no two rows with the same (date, store_code, product_sku);
//!  - LF or CRLF line ends, an optional UTF-8 BOM, RFC 4180 quoting, trailing blank lines.
//! A file with a header and no rows is valid (empty result).
//! Errors: InvalidArgument "line N: reason" for the first offending line.
absl::StatusOr<std::vector<SalesCsvRow>> ParseSalesCsv(std::string_view text);

//! Parses a plain non-negative decimal as described above. Exposed for tests and reuse.
std::optional<double> ParseNonNegativeDecimal(std::string_view text);

}  // namespace champion::ingest
