// libFuzzer target: the sales import file (POST /sales:import, ImportSales), whole input.
//
// ParseSalesCsv must accept only rows that keep its documented rules (codes 1..64 bytes,
// finite non-negative amounts, dates in range, unique keys, increasing lines) and refuse
// everything else with InvalidArgument "line N: ...". The record reader underneath must
// always make progress. Crashes, sanitizer reports and broken invariants
// (CHAMPION_FUZZ_CHECK) are findings. Seeds: corpus/sales_csv/.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "common/fuzz/fuzz_check.h"
#include "common/iso_date.h"
#include "ingest/csv_reader.h"
#include "ingest/sales_csv.h"

namespace {

using champion::ingest::CsvReader;
using champion::ingest::CsvRecord;
using champion::ingest::SalesCsvRow;

bool IsAmount(double value) { return std::isfinite(value) && value >= 0; }

void CheckRows(const std::vector<SalesCsvRow>& rows) {
  std::set<std::tuple<absl::CivilDay, std::string, std::string>> keys;
  int last_line = 1;  // the header
  for (const SalesCsvRow& row : rows) {
    CHAMPION_FUZZ_CHECK(row.line > last_line);
    last_line = row.line;
    CHAMPION_FUZZ_CHECK(row.date >= champion::kMinDate && row.date <= champion::kMaxDate);
    CHAMPION_FUZZ_CHECK(!row.store_code.empty() &&
                        row.store_code.size() <= champion::ingest::kMaxCodeLength);
    CHAMPION_FUZZ_CHECK(!row.product_sku.empty() &&
                        row.product_sku.size() <= champion::ingest::kMaxCodeLength);
    CHAMPION_FUZZ_CHECK(IsAmount(row.quantity));
    CHAMPION_FUZZ_CHECK(!row.unit_price || IsAmount(*row.unit_price));
    CHAMPION_FUZZ_CHECK(keys.emplace(row.date, row.store_code, row.product_sku).second);
  }
}

// Every record consumes input, so a file of n bytes has at most n records.
void CheckReader(std::string_view text) {
  CsvReader reader(text);
  CsvRecord record;
  int last_line = 0;
  for (size_t records = 0;; ++records) {
    CHAMPION_FUZZ_CHECK(records <= text.size());
    const absl::StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) {
      CHAMPION_FUZZ_CHECK(more.status().code() == absl::StatusCode::kInvalidArgument);
      return;
    }
    if (!*more) return;
    CHAMPION_FUZZ_CHECK(!record.fields.empty());
    CHAMPION_FUZZ_CHECK(record.line > last_line);
    last_line = record.line;
    for (const std::string& field : record.fields) {
      if (auto value = champion::ingest::ParseNonNegativeDecimal(field)) {
        CHAMPION_FUZZ_CHECK(IsAmount(*value));
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = champion::fuzz::AsText(data, size);
  CheckReader(text);
  const auto rows = champion::ingest::ParseSalesCsv(text);
  if (rows.ok()) {
    CheckRows(*rows);
  } else {
    CHAMPION_FUZZ_CHECK(rows.status().code() == absl::StatusCode::kInvalidArgument);
    CHAMPION_FUZZ_CHECK(rows.status().message().substr(0, 5) == "line ");
  }
  return 0;
}
