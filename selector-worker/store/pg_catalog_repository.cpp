#include "store/pg_catalog_repository.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "store/page_token.h"
#include "store/pg_error.h"
#include "store/sql_values.h"

namespace champion::store {
namespace {

// :pattern is '' (no filter) or an ILIKE pattern '%term%' with the term's wildcards escaped.
constexpr std::string_view kListStores = R"sql(
SELECT id, code, name, COALESCE(region, ''), COALESCE(city, ''), COALESCE(store_type, '')
FROM store
WHERE id > :after_id
  AND (:pattern = '' OR code ILIKE :pattern OR name ILIKE :pattern
       OR region ILIKE :pattern OR city ILIKE :pattern)
ORDER BY id
LIMIT :limit)sql";

constexpr std::string_view kCountStores = R"sql(
SELECT count(*)
FROM store
WHERE :pattern = '' OR code ILIKE :pattern OR name ILIKE :pattern
   OR region ILIKE :pattern OR city ILIKE :pattern)sql";

constexpr std::string_view kGetStore = R"sql(
SELECT id, code, name, COALESCE(region, ''), COALESCE(city, ''), COALESCE(store_type, '')
FROM store
WHERE id = :id)sql";

constexpr std::string_view kListProducts = R"sql(
SELECT id, sku, name, COALESCE(category, ''), COALESCE(brand, ''), unit_of_measure,
       to_char(launch_date, 'YYYY-MM-DD')
FROM product
WHERE id > :after_id
  AND (:pattern = '' OR sku ILIKE :pattern OR name ILIKE :pattern
       OR category ILIKE :pattern OR brand ILIKE :pattern)
ORDER BY id
LIMIT :limit)sql";

constexpr std::string_view kCountProducts = R"sql(
SELECT count(*)
FROM product
WHERE :pattern = '' OR sku ILIKE :pattern OR name ILIKE :pattern
   OR category ILIKE :pattern OR brand ILIKE :pattern)sql";

constexpr std::string_view kGetProduct = R"sql(
SELECT id, sku, name, COALESCE(category, ''), COALESCE(brand, ''), unit_of_measure,
       to_char(launch_date, 'YYYY-MM-DD')
FROM product
WHERE id = :id)sql";

constexpr std::string_view kStoreTokenKind = "store";
constexpr std::string_view kProductTokenKind = "product";

// The ILIKE pattern for a literal, case-insensitive substring match ('' = no filter).
std::string SearchPattern(const std::string& search) {
  if (search.empty()) return "";
  std::string pattern = "%";
  for (char c : search) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

absl::StatusOr<int> EffectivePageSize(int page_size) {
  if (page_size == 0) return kDefaultPageSize;
  if (page_size < 0 || page_size > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size must be in 1..", kMaxPageSize, ", got ", page_size));
  }
  return page_size;
}

Store StoreFromRow(const soci::row& row) {
  return {row.get<long long>(0),   row.get<std::string>(1), row.get<std::string>(2),
          row.get<std::string>(3), row.get<std::string>(4), row.get<std::string>(5)};
}

absl::StatusOr<Product> ProductFromRow(const soci::row& row) {
  Product p{row.get<long long>(0),
            row.get<std::string>(1),
            row.get<std::string>(2),
            row.get<std::string>(3),
            row.get<std::string>(4),
            row.get<std::string>(5),
            std::nullopt};
  if (row.get_indicator(6) != soci::i_null) {
    ASSIGN_OR_RETURN(p.launch_date, ParseDate(row.get<std::string>(6)));
  }
  return p;
}

// Runs one listing: the page query (limit + 1 rows, to know whether another page follows)
// and the count. `from_row` maps a row to an item.
template <typename T, typename FromRow>
absl::StatusOr<Page<T>> ListPage(SessionPool& pool, const PageRequest& request,
                                 std::string_view kind, std::string_view list_sql,
                                 std::string_view count_sql, FromRow from_row) {
  ASSIGN_OR_RETURN(const int page_size, EffectivePageSize(request.page_size));
  ASSIGN_OR_RETURN(const long long after_id, DecodePageToken(kind, request.page_token));
  const std::string pattern = SearchPattern(request.search);
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool.Checkout());
  return GuardSql(absl::StrCat("list ", std::string(kind), "s"), [&]() -> absl::StatusOr<Page<T>> {
    Page<T> page;
    const int limit = page_size + 1;
    soci::rowset<soci::row> rows = (sql->prepare << list_sql, soci::use(after_id, "after_id"),
                                    soci::use(pattern, "pattern"), soci::use(limit, "limit"));
    for (const soci::row& row : rows) {
      if (static_cast<int>(page.items.size()) == page_size) {
        page.next_page_token = EncodePageToken(kind, page.items.back().id);
        break;
      }
      ASSIGN_OR_RETURN(T item, from_row(row));
      page.items.push_back(std::move(item));
    }
    long long total = 0;
    *sql << count_sql, soci::use(pattern, "pattern"), soci::into(total);
    page.total_size = total;
    return page;
  });
}

}  // namespace

absl::StatusOr<Page<Store>> PgCatalogRepository::ListStores(const PageRequest& request) {
  return ListPage<Store>(
      pool_, request, kStoreTokenKind, kListStores, kCountStores,
      [](const soci::row& row) -> absl::StatusOr<Store> { return StoreFromRow(row); });
}

absl::StatusOr<Page<Product>> PgCatalogRepository::ListProducts(const PageRequest& request) {
  return ListPage<Product>(pool_, request, kProductTokenKind, kListProducts, kCountProducts,
                           ProductFromRow);
}

absl::StatusOr<Store> PgCatalogRepository::GetStore(int64_t id) {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("get store", [&]() -> absl::StatusOr<Store> {
    const long long key = id;
    soci::rowset<soci::row> rows = (sql->prepare << kGetStore, soci::use(key, "id"));
    for (const soci::row& row : rows) return StoreFromRow(row);
    return absl::NotFoundError(absl::StrCat("store ", id, " not found"));
  });
}

absl::StatusOr<Product> PgCatalogRepository::GetProduct(int64_t id) {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("get product", [&]() -> absl::StatusOr<Product> {
    const long long key = id;
    soci::rowset<soci::row> rows = (sql->prepare << kGetProduct, soci::use(key, "id"));
    for (const soci::row& row : rows) return ProductFromRow(row);
    return absl::NotFoundError(absl::StrCat("product ", id, " not found"));
  });
}

}  // namespace champion::store
