// PgSalesRepository::ImportSales: the rows are COPYed into a temporary table, then resolved
// and upserted with set-based statements, all in one transaction (all or nothing).

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "store/pg_copy.h"
#include "store/pg_error.h"
#include "store/pg_sales_repository.h"
#include "store/sql_values.h"

namespace champion::store {
namespace {

constexpr std::string_view kCreateStaging = R"sql(
CREATE TEMP TABLE import_sales (
  line         integer NOT NULL,
  date         date NOT NULL,
  store_code   text NOT NULL,
  product_sku  text NOT NULL,
  quantity     numeric NOT NULL,
  unit_price   numeric
) ON COMMIT DROP)sql";

constexpr std::string_view kCopyStaging = R"sql(
COPY import_sales (line, date, store_code, product_sku, quantity, unit_price) FROM STDIN)sql";

// The first line naming an unknown store or product (store first on the same line).
constexpr std::string_view kFirstUnknownCode = R"sql(
SELECT line, kind, code
FROM (SELECT i.line, 'store' AS kind, i.store_code AS code
      FROM import_sales i
      WHERE NOT EXISTS (SELECT 1 FROM store s WHERE s.code = i.store_code)
      UNION ALL
      SELECT i.line, 'product', i.product_sku
      FROM import_sales i
      WHERE NOT EXISTS (SELECT 1 FROM product p WHERE p.sku = i.product_sku)) AS unknown
ORDER BY line, kind DESC
LIMIT 1)sql";

// Only codes not yet present are inserted (ON CONFLICT alone would burn identity values on the
// existing ones); ON CONFLICT DO NOTHING covers a concurrent import creating the same code.
// Ids follow the order of first appearance in the file.
constexpr std::string_view kCreateMissingStores = R"sql(
WITH created AS (
  INSERT INTO store (code, name)
  SELECT i.store_code, i.store_code
  FROM import_sales i
  WHERE NOT EXISTS (SELECT 1 FROM store s WHERE s.code = i.store_code)
  GROUP BY i.store_code
  ORDER BY min(i.line)
  ON CONFLICT (code) DO NOTHING
  RETURNING 1)
SELECT count(*) FROM created)sql";

constexpr std::string_view kCreateMissingProducts = R"sql(
WITH created AS (
  INSERT INTO product (sku, name)
  SELECT i.product_sku, i.product_sku
  FROM import_sales i
  WHERE NOT EXISTS (SELECT 1 FROM product p WHERE p.sku = i.product_sku)
  GROUP BY i.product_sku
  ORDER BY min(i.line)
  ON CONFLICT (sku) DO NOTHING
  RETURNING 1)
SELECT count(*) FROM created)sql";

// xmax = 0 on the returned row version means it was inserted, not updated by ON CONFLICT.
constexpr std::string_view kUpsertSales = R"sql(
WITH upserted AS (
  INSERT INTO sales_daily (store_id, product_id, date, quantity, unit_price)
  SELECT s.id, p.id, i.date, i.quantity, i.unit_price
  FROM import_sales i
  JOIN store s ON s.code = i.store_code
  JOIN product p ON p.sku = i.product_sku
  ORDER BY i.line
  ON CONFLICT (store_id, product_id, date)
  DO UPDATE SET quantity = EXCLUDED.quantity, unit_price = EXCLUDED.unit_price
  RETURNING (xmax = 0) AS inserted)
SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
FROM upserted)sql";

CopyBuffer StagingRows(absl::Span<const ingest::SalesCsvRow> rows) {
  CopyBuffer buffer;
  for (const ingest::SalesCsvRow& row : rows) {
    buffer.Add(absl::StrCat(row.line));
    buffer.Add(FormatDate(row.date));
    buffer.Add(row.store_code);
    buffer.Add(row.product_sku);
    buffer.Add(FormatDecimal(row.quantity));
    buffer.AddNullable(row.unit_price ? std::optional<std::string>(FormatDecimal(*row.unit_price))
                                      : std::nullopt);
    buffer.EndRow();
  }
  return buffer;
}

// Rejects the first unknown code, or creates every missing one.
absl::Status ResolveCodes(soci::session& sql, bool create_missing, ImportResult& result) {
  if (create_missing) {
    long long stores = 0, products = 0;
    sql << kCreateMissingStores, soci::into(stores);
    sql << kCreateMissingProducts, soci::into(products);
    result.stores_created = stores;
    result.products_created = products;
    return absl::OkStatus();
  }
  int line = 0;
  std::string kind, code;
  sql << kFirstUnknownCode, soci::into(line), soci::into(kind), soci::into(code);
  if (!sql.got_data()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": unknown ",
                                                 kind == "store" ? "store code" : "product sku",
                                                 " '", code, "'"));
}

}  // namespace

absl::StatusOr<ImportResult> PgSalesRepository::ImportSales(
    absl::Span<const ingest::SalesCsvRow> rows, bool create_missing,
    const std::function<bool()>& may_commit) {
  ImportResult result;
  result.rows_total = static_cast<int64_t>(rows.size());
  if (rows.empty()) return result;
  const CopyBuffer staging = StagingRows(rows);
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("import sales", [&]() -> absl::StatusOr<ImportResult> {
    // Rolled back by the destructor on every early return and exception.
    soci::transaction tx(*sql);
    *sql << kCreateStaging;
    RETURN_IF_ERROR(CopyIn(*sql, kCopyStaging, staging, "import sales"));
    RETURN_IF_ERROR(ResolveCodes(*sql, create_missing, result));
    long long inserted = 0, updated = 0;
    *sql << kUpsertSales, soci::into(inserted), soci::into(updated);
    if (inserted + updated != result.rows_total) {
      // Cannot happen: every code was resolved above and the parser rejects duplicate keys.
      return absl::InternalError(absl::StrCat("import sales: upserted ", inserted + updated, " of ",
                                              result.rows_total, " rows"));
    }
    result.rows_inserted = inserted;
    result.rows_updated = updated;
    if (may_commit && !may_commit()) {
      return absl::CancelledError("the import was abandoned by its caller; nothing was written");
    }
    tx.commit();
    return result;
  });
}

}  // namespace champion::store
