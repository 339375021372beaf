#include <catch2/catch.hpp>

#include "ingest/sales_csv.h"
#include "pg_test_db.h"
#include "store/pg_sales_repository.h"

namespace champion::store {
namespace {

struct ImportFixture {
  ImportFixture() : db(test::RequirePgTestDb()) {
    auto created = SessionPool::Create({db->conninfo(), 1});
    REQUIRE(created.ok());
    pool = *std::move(created);
    sql = db->Connect();
    *sql << "INSERT INTO store (code, name) VALUES ('S1', 'One'), ('S2', 'Two');"
            "INSERT INTO product (sku, name) VALUES ('P1', 'One'), ('P2', 'Two')";
  }

  absl::StatusOr<ImportResult> Import(std::string_view csv, bool create_missing = false) {
    auto rows = ingest::ParseSalesCsv(csv);
    REQUIRE(rows.ok());
    return PgSalesRepository(*pool).ImportSales(*rows, create_missing, nullptr);
  }

  // Every sales row as text, in key order: a snapshot to compare before/after.
  std::string Snapshot() {
    std::string text;
    *sql << "SELECT COALESCE(string_agg(concat_ws('|', store_id, product_id, date, quantity, "
            "COALESCE(unit_price::text, '')), ';' ORDER BY store_id, product_id, date), '') "
            "FROM sales_daily",
        soci::into(text);
    return text;
  }

  long long Count(const std::string& table) {
    long long n = 0;
    *sql << "SELECT count(*) FROM " << table, soci::into(n);
    return n;
  }

  std::unique_ptr<test::PgTestDb> db;
  std::unique_ptr<SessionPool> pool;
  std::unique_ptr<soci::session> sql;
};

constexpr std::string_view kHeader = "date,store_code,product_sku,quantity,unit_price\n";

TEST_CASE("ImportSales counts inserted and updated rows", "[store][pg][import]") {
  ImportFixture f;
  auto first = f.Import(std::string(kHeader) +
                        "2024-03-01,S1,P1,3,2.49\n2024-03-02,S1,P1,0.1,\n2024-03-01,S2,P2,7,1\n");
  REQUIRE(first.ok());
  CHECK(*first == ImportResult{3, 3, 0, 0, 0});
  CHECK(f.Snapshot() == "1|1|2024-03-01|3|2.49;1|1|2024-03-02|0.1|;2|2|2024-03-01|7|1");

  // Two existing keys (one with a new value, one unchanged) and one new key.
  auto second = f.Import(std::string(kHeader) +
                         "2024-03-02,S1,P1,4.5,2.59\n2024-03-01,S2,P2,7,1\n2024-03-03,S1,P1,1,\n");
  REQUIRE(second.ok());
  CHECK(*second == ImportResult{3, 1, 2, 0, 0});
  CHECK(f.Snapshot() ==
        "1|1|2024-03-01|3|2.49;1|1|2024-03-02|4.5|2.59;1|1|2024-03-03|1|;2|2|2024-03-01|7|1");
}

TEST_CASE("ImportSales rejects unknown codes and writes nothing", "[store][pg][import]") {
  ImportFixture f;
  REQUIRE(f.Import(std::string(kHeader) + "2024-03-01,S1,P1,3,2\n").ok());
  const std::string before = f.Snapshot();

  auto unknown_store = f.Import(std::string(kHeader) +
                                "2024-03-01,S1,P1,9,9\n2024-03-02,S1,P1,1,1\n"
                                "2024-03-03,S9,P1,1,1\n2024-03-04,S8,P7,1,1\n");
  REQUIRE_FALSE(unknown_store.ok());
  CHECK(unknown_store.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(unknown_store.status().message()) == "line 4: unknown store code 'S9'");
  CHECK(f.Snapshot() == before);

  auto unknown_product =
      f.Import(std::string(kHeader) + "2024-03-05,S2,P1,1,1\n2024-03-06,S2,PX,1,1\n");
  REQUIRE_FALSE(unknown_product.ok());
  CHECK(std::string(unknown_product.status().message()) == "line 3: unknown product sku 'PX'");
  CHECK(f.Snapshot() == before);
  CHECK(f.Count("store") == 2);
  CHECK(f.Count("product") == 2);
}

TEST_CASE("ImportSales creates missing stores and products on request", "[store][pg][import]") {
  ImportFixture f;
  auto result = f.Import(std::string(kHeader) +
                             "2024-03-01,S1,P1,1,1\n2024-03-01,NEW-1,P1,2,\n"
                             "2024-03-01,NEW-1,\"tab\tand\\\\slash\",3,\n2024-03-02,NEW-2,P2,4,\n",
                         /*create_missing=*/true);
  REQUIRE(result.ok());
  CHECK(*result == ImportResult{4, 4, 0, 2, 1});
  std::string name;
  long long id = 0;
  *f.sql << "SELECT id, name FROM store WHERE code = 'NEW-1'", soci::into(id), soci::into(name);
  CHECK(name == "NEW-1");
  CHECK(id == 3);  // ids follow the order of first appearance
  std::string sku;
  *f.sql << "SELECT sku FROM product WHERE id = 3", soci::into(sku);
  CHECK(sku == "tab\tand\\\\slash");

  // The same file again: nothing new to create, every row an update.
  auto again = f.Import(std::string(kHeader) +
                            "2024-03-01,S1,P1,1,1\n2024-03-01,NEW-1,P1,2,\n"
                            "2024-03-01,NEW-1,\"tab\tand\\\\slash\",3,\n2024-03-02,NEW-2,P2,4,\n",
                        true);
  REQUIRE(again.ok());
  CHECK(*again == ImportResult{4, 0, 4, 0, 0});
}

TEST_CASE("ImportSales rolls back created codes when a later step fails", "[store][pg][import]") {
  ImportFixture f;
  // A row the parser would reject, passed straight to the repository: a duplicate key makes
  // the upsert fail after the missing store was created.
  ingest::SalesCsvRow row{2, absl::CivilDay(2024, 3, 1), "NEW", "P1", 1, std::nullopt};
  ingest::SalesCsvRow duplicate = row;
  duplicate.line = 3;
  const std::vector<ingest::SalesCsvRow> rows = {row, duplicate};
  auto result = PgSalesRepository(*f.pool).ImportSales(rows, true, nullptr);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(f.Count("store") == 2);
  CHECK(f.Count("sales_daily") == 0);
  // The pooled session is usable after the rollback.
  auto ok = f.Import(std::string(kHeader) + "2024-03-01,S1,P1,1,1\n");
  REQUIRE(ok.ok());
  CHECK(ok->rows_inserted == 1);
}

TEST_CASE("ImportSales writes nothing when its caller may no longer commit",
          "[store][pg][import]") {
  ImportFixture f;
  REQUIRE(f.Import(std::string(kHeader) + "2025-01-15,S1,P1,7,1\n").ok());
  const std::string before = f.Snapshot();
  auto rows =
      ingest::ParseSalesCsv(std::string(kHeader) + "2025-01-15,S1,P1,0,1\n2025-01-16,NEW,P1,3,1\n");
  REQUIRE(rows.ok());
  int asked = 0;
  auto result = PgSalesRepository(*f.pool).ImportSales(*rows, true, [&] {
    ++asked;
    return false;  // the client went away while the rows were written
  });
  CHECK(result.status().code() == absl::StatusCode::kCancelled);
  CHECK(asked == 1);
  CHECK(f.Snapshot() == before);
  CHECK(f.Count("store") == 2);  // the missing store was not created either
}

// The defect: year 0025 was written to SQL as "25-01-15", which PostgreSQL read as 2025.
TEST_CASE("A date is written with its full year", "[store][pg][import]") {
  ImportFixture f;
  REQUIRE(f.Import(std::string(kHeader) + "2025-01-15,S1,P1,7,1\n").ok());
  const std::string before = f.Snapshot();
  ingest::SalesCsvRow ancient{2, absl::CivilDay(25, 1, 15), "S1", "P1", 0, std::nullopt};
  const std::vector<ingest::SalesCsvRow> rows = {ancient};
  auto result = PgSalesRepository(*f.pool).ImportSales(rows, false, nullptr);
  REQUIRE(result.ok());
  CHECK(result->rows_inserted == 1);  // a new row in year 25, not an update of 2025
  CHECK(result->rows_updated == 0);
  long long in_2025 = 0;
  *f.sql << "SELECT count(*) FROM sales_daily WHERE date = '2025-01-15' AND quantity = 7",
      soci::into(in_2025);
  CHECK(in_2025 == 1);
}

TEST_CASE("ImportSales of no rows is a no-op", "[store][pg][import]") {
  ImportFixture f;
  auto result = f.Import(kHeader);
  REQUIRE(result.ok());
  CHECK(*result == ImportResult{});
}

}  // namespace
}  // namespace champion::store
