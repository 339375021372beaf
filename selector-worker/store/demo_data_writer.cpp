#include "store/demo_data_writer.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "store/pg_copy.h"
#include "store/pg_error.h"
#include "store/sql_values.h"

namespace champion::store {
namespace {

// Serialises concurrent seeds: the emptiness check and the writes happen under one lock.
constexpr long long kSeedLockKey = 0x6368616d70736564LL;  // "champsed"

constexpr std::string_view kSeedLock = R"sql(SELECT pg_advisory_xact_lock(:key))sql";
constexpr std::string_view kIsEmpty = R"sql(
SELECT (NOT EXISTS (SELECT 1 FROM store) AND NOT EXISTS (SELECT 1 FROM product)
        AND NOT EXISTS (SELECT 1 FROM calendar) AND NOT EXISTS (SELECT 1 FROM promotion)
        AND NOT EXISTS (SELECT 1 FROM sales_daily))::int)sql";
constexpr std::string_view kCopyStores =
    R"sql(COPY store (id, code, name, region, city, store_type) FROM STDIN)sql";
constexpr std::string_view kCopyProducts = R"sql(
COPY product (id, sku, name, category, brand, unit_of_measure, launch_date) FROM STDIN)sql";
constexpr std::string_view kCopyCalendar =
    R"sql(COPY calendar (date, is_holiday, holiday_name) FROM STDIN)sql";
constexpr std::string_view kCopyPromotions = R"sql(
COPY promotion (name, store_id, product_id, start_date, end_date, discount_pct) FROM STDIN)sql";
constexpr std::string_view kCopySales = R"sql(
COPY sales_daily (store_id, product_id, date, quantity, unit_price) FROM STDIN)sql";
// Explicit ids leave the identity sequences behind; move them past the largest id.
constexpr std::string_view kSyncSequences = R"sql(
SELECT setval(pg_get_serial_sequence('store', 'id'), max(id)) FROM store;
SELECT setval(pg_get_serial_sequence('product', 'id'), max(id)) FROM product)sql";

std::optional<std::string> OptionalId(const std::optional<int64_t>& id) {
  return id ? std::optional<std::string>(absl::StrCat(*id)) : std::nullopt;
}

CopyBuffer StoreRows(const seed::DemoData& data) {
  CopyBuffer b;
  for (const seed::DemoStore& s : data.stores) {
    b.Add(absl::StrCat(s.id));
    b.Add(s.code);
    b.Add(s.name);
    b.Add(s.region);
    b.Add(s.city);
    b.Add(s.store_type);
    b.EndRow();
  }
  return b;
}

CopyBuffer ProductRows(const seed::DemoData& data) {
  CopyBuffer b;
  for (const seed::DemoProduct& p : data.products) {
    b.Add(absl::StrCat(p.id));
    b.Add(p.sku);
    b.Add(p.name);
    b.Add(p.category);
    b.Add(p.brand);
    b.Add(p.unit_of_measure);
    b.AddNullable(p.launch_date ? std::optional<std::string>(FormatDate(*p.launch_date))
                                : std::nullopt);
    b.EndRow();
  }
  return b;
}

CopyBuffer CalendarRows(const seed::DemoData& data) {
  CopyBuffer b;
  for (const seed::DemoCalendarDay& d : data.calendar) {
    b.Add(FormatDate(d.date));
    b.Add(d.holiday_name ? "t" : "f");
    b.AddNullable(d.holiday_name);
    b.EndRow();
  }
  return b;
}

CopyBuffer PromotionRows(const seed::DemoData& data) {
  CopyBuffer b;
  for (const seed::DemoPromotion& p : data.promotions) {
    b.Add(p.name);
    b.AddNullable(OptionalId(p.store_id));
    b.AddNullable(OptionalId(p.product_id));
    b.Add(FormatDate(p.start_date));
    b.Add(FormatDate(p.end_date));
    b.Add(FormatDecimal(p.discount_pct));
    b.EndRow();
  }
  return b;
}

CopyBuffer SalesRows(const seed::DemoData& data) {
  CopyBuffer b;
  for (const seed::DemoSale& s : data.sales) {
    b.Add(absl::StrCat(s.store_id));
    b.Add(absl::StrCat(s.product_id));
    b.Add(FormatDate(s.date));
    b.Add(FormatDecimal(s.quantity));
    b.AddNullable(s.unit_price ? std::optional<std::string>(FormatDecimal(*s.unit_price))
                               : std::nullopt);
    b.EndRow();
  }
  return b;
}

}  // namespace

absl::StatusOr<bool> DemoDataWriter::IsEmpty() {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("check for existing data", [&]() -> absl::StatusOr<bool> {
    int empty = 0;
    *sql << kIsEmpty, soci::into(empty);
    return empty != 0;
  });
}

absl::StatusOr<DemoWriteStats> DemoDataWriter::Write(const seed::DemoData& data) {
  struct Table {
    std::string_view copy_sql;
    CopyBuffer rows;
    const char* name;
  };
  const Table tables[] = {{kCopyStores, StoreRows(data), "store"},
                          {kCopyProducts, ProductRows(data), "product"},
                          {kCopyCalendar, CalendarRows(data), "calendar"},
                          {kCopyPromotions, PromotionRows(data), "promotion"},
                          {kCopySales, SalesRows(data), "sales_daily"}};
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("write demo data", [&]() -> absl::StatusOr<DemoWriteStats> {
    soci::transaction tx(*sql);
    *sql << kSeedLock, soci::use(kSeedLockKey, "key");
    int empty = 0;
    *sql << kIsEmpty, soci::into(empty);
    if (empty == 0) {
      return absl::FailedPreconditionError(
          "database already has data (stores, products, calendar, promotions or sales); "
          "seed writes only into an empty database");
    }
    for (const Table& table : tables) {
      RETURN_IF_ERROR(CopyIn(*sql, table.copy_sql, table.rows,
                             absl::StrCat("write demo ", table.name, " rows")));
    }
    *sql << kSyncSequences;
    tx.commit();
    return DemoWriteStats{
        static_cast<int64_t>(data.stores.size()), static_cast<int64_t>(data.products.size()),
        static_cast<int64_t>(data.calendar.size()), static_cast<int64_t>(data.promotions.size()),
        static_cast<int64_t>(data.sales.size())};
  });
}

}  // namespace champion::store
