#include "store/pg_sales_repository.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "store/pg_error.h"
#include "store/sql_values.h"

namespace champion::store {
namespace {

constexpr std::string_view kPairExists = R"sql(
SELECT (SELECT count(*) FROM store WHERE id = :store_id),
       (SELECT count(*) FROM product WHERE id = :product_id))sql";

// is_holiday from the calendar table (a date missing there is not a holiday).
// promo_active: any promotion of this store or chain-wide (store_id NULL), for this product
// or for every product (product_id NULL), whose inclusive date range covers the day.
constexpr std::string_view kSelectSales = R"sql(
SELECT to_char(s.date, 'YYYY-MM-DD'),
       s.quantity::float8,
       s.unit_price::float8,
       EXISTS (SELECT 1
               FROM promotion p
               WHERE (p.store_id IS NULL OR p.store_id = s.store_id)
                 AND (p.product_id IS NULL OR p.product_id = s.product_id)
                 AND s.date BETWEEN p.start_date AND p.end_date)::int,
       COALESCE((SELECT c.is_holiday FROM calendar c WHERE c.date = s.date), false)::int
FROM sales_daily s
WHERE s.store_id = :store_id
  AND s.product_id = :product_id
  AND (CAST(:start_date AS date) IS NULL OR s.date >= CAST(:start_date AS date))
  AND (CAST(:end_date AS date) IS NULL OR s.date <= CAST(:end_date AS date))
ORDER BY s.date
LIMIT CAST(:limit AS bigint))sql";

// A nullable date parameter: the text and its indicator.
struct DateParam {
  explicit DateParam(const std::optional<absl::CivilDay>& day)
      : text(day ? FormatDate(*day) : ""), indicator(day ? soci::i_ok : soci::i_null) {}
  std::string text;
  soci::indicator indicator;
};

}  // namespace

absl::StatusOr<std::vector<SalesRow>> PgSalesRepository::GetSales(const SalesQuery& query) {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("get sales", [&]() -> absl::StatusOr<std::vector<SalesRow>> {
    const long long store_id = query.store_id;
    const long long product_id = query.product_id;
    long long stores = 0, products = 0;
    *sql << kPairExists, soci::use(store_id, "store_id"), soci::use(product_id, "product_id"),
        soci::into(stores), soci::into(products);
    if (stores == 0) return absl::NotFoundError(absl::StrCat("store ", store_id, " not found"));
    if (products == 0) {
      return absl::NotFoundError(absl::StrCat("product ", product_id, " not found"));
    }
    DateParam start(query.start_date), end(query.end_date);
    // LIMIT NULL is no limit.
    const long long limit = query.limit.value_or(0);
    soci::indicator limit_indicator = query.limit ? soci::i_ok : soci::i_null;
    soci::rowset<soci::row> rows =
        (sql->prepare << kSelectSales, soci::use(store_id, "store_id"),
         soci::use(product_id, "product_id"), soci::use(start.text, start.indicator, "start_date"),
         soci::use(end.text, end.indicator, "end_date"),
         soci::use(limit, limit_indicator, "limit"));
    std::vector<SalesRow> out;
    for (const soci::row& row : rows) {
      SalesRow sale;
      ASSIGN_OR_RETURN(sale.date, ParseDate(row.get<std::string>(0)));
      sale.quantity = row.get<double>(1);
      if (row.get_indicator(2) != soci::i_null) sale.unit_price = row.get<double>(2);
      sale.promo_active = row.get<int>(3) != 0;
      sale.is_holiday = row.get<int>(4) != 0;
      out.push_back(sale);
    }
    return out;
  });
}

}  // namespace champion::store
