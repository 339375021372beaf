#include "ingest/sales_csv.h"

#include <array>
#include <charconv>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/iso_date.h"
#include "ingest/csv_reader.h"

namespace champion::ingest {
namespace {

constexpr std::array<std::string_view, 5> kColumns = {"date", "store_code", "product_sku",
                                                      "quantity", "unit_price"};
constexpr size_t kRequiredColumns = 4;
constexpr size_t kMaxDecimalLength = 32;

absl::Status LineError(int line, const std::string& reason) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", reason));
}

// Returns the number of columns (4 or 5) the header declares.
absl::StatusOr<size_t> CheckHeader(const CsvRecord& header) {
  bool ok = header.fields.size() == kRequiredColumns || header.fields.size() == kColumns.size();
  for (size_t i = 0; ok && i < header.fields.size(); ++i) {
    ok = absl::AsciiStrToLower(header.fields[i]) == kColumns[i];
  }
  if (!ok) {
    return LineError(header.line,
                     absl::StrCat("header must be 'date,store_code,product_sku,quantity"
                                  "[,unit_price]', got '",
                                  absl::StrJoin(header.fields, ","), "'"));
  }
  return header.fields.size();
}

std::string Quoted(std::string_view s) { return absl::StrCat("'", std::string(s), "'"); }

absl::Status ParseAmount(int line, std::string_view name, const std::string& cell, double* out) {
  if (cell.empty()) return LineError(line, absl::StrCat(std::string(name), " is empty"));
  if (cell[0] == '-') {
    return LineError(line,
                     absl::StrCat(std::string(name), " must be non-negative, got ", Quoted(cell)));
  }
  const std::optional<double> value = ParseNonNegativeDecimal(cell);
  if (!value) {
    return LineError(line, absl::StrCat(std::string(name), " ", Quoted(cell),
                                        " is not a non-negative decimal number"));
  }
  *out = *value;
  return absl::OkStatus();
}

absl::Status CheckCode(int line, std::string_view name, const std::string& code) {
  if (code.empty()) return LineError(line, absl::StrCat(std::string(name), " is empty"));
  if (code.size() > kMaxCodeLength) {
    return LineError(
        line, absl::StrCat(std::string(name), " is longer than ", kMaxCodeLength, " characters"));
  }
  return absl::OkStatus();
}

absl::StatusOr<SalesCsvRow> ParseRow(const CsvRecord& record, size_t columns) {
  const int line = record.line;
  if (record.fields.size() != columns) {
    return LineError(line,
                     absl::StrCat("expected ", columns, " fields, got ", record.fields.size()));
  }
  SalesCsvRow row;
  row.line = line;
  const absl::StatusOr<absl::CivilDay> date = ParseIsoDate(record.fields[0]);
  if (!date.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("line ", line, ", column 1 (date): ", date.status().message()));
  }
  row.date = *date;
  row.store_code = record.fields[1];
  row.product_sku = record.fields[2];
  if (absl::Status s = CheckCode(line, "store_code", row.store_code); !s.ok()) return s;
  if (absl::Status s = CheckCode(line, "product_sku", row.product_sku); !s.ok()) return s;
  if (absl::Status s = ParseAmount(line, "quantity", record.fields[3], &row.quantity); !s.ok()) {
    return s;
  }
  if (columns == kColumns.size() && !record.fields[4].empty()) {
    double price = 0;
    if (absl::Status s = ParseAmount(line, "unit_price", record.fields[4], &price); !s.ok()) {
      return s;
    }
    row.unit_price = price;
  }
  return row;
}

}  // namespace

std::optional<double> ParseNonNegativeDecimal(std::string_view text) {
  if (text.empty() || text.size() > kMaxDecimalLength) return std::nullopt;
  size_t digits = 0;
  size_t dots = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '.') {
      ++dots;
    } else {
      return std::nullopt;  // signs, exponents, "nan", "inf", spaces
    }
  }
  if (digits == 0 || dots > 1) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

absl::StatusOr<std::vector<SalesCsvRow>> ParseSalesCsv(std::string_view text) {
  CsvReader reader(text);
  CsvRecord record;
  absl::StatusOr<bool> more = reader.Next(&record);
  if (!more.ok()) return more.status();
  if (!*more || record.blank) return LineError(1, "missing header line");
  absl::StatusOr<size_t> columns = CheckHeader(record);
  if (!columns.ok()) return columns.status();

  std::vector<SalesCsvRow> rows;
  absl::flat_hash_map<std::string, int> first_line;  // (date, store, product) -> line
  int blank_line = 0;  // first blank line seen; an error only if data follows it
  while (true) {
    more = reader.Next(&record);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (record.blank) {
      if (blank_line == 0) blank_line = record.line;
      continue;
    }
    if (blank_line != 0) return LineError(blank_line, "empty line");
    absl::StatusOr<SalesCsvRow> row = ParseRow(record, *columns);
    if (!row.ok()) return row.status();
    std::string key =
        absl::StrCat(FormatIsoDate(row->date), "\x1f", row->store_code, "\x1f", row->product_sku);
    auto [it, inserted] = first_line.emplace(std::move(key), row->line);
    if (!inserted) {
      return LineError(row->line,
                       absl::StrCat("duplicate row for date ", FormatIsoDate(row->date), ", store ",
                                    Quoted(row->store_code), ", product ", Quoted(row->product_sku),
                                    " (first on line ", it->second, ")"));
    }
    rows.push_back(*std::move(row));
  }
  return rows;
}

}  // namespace champion::ingest
