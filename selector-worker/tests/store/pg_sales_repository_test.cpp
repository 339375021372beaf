#include "store/pg_sales_repository.h"

#include <catch2/catch.hpp>

#include "pg_test_db.h"

namespace champion::store {
namespace {

// Stores 1, 2; products 1, 2; sales of (1,1) on 2024-03-01..05 and one row of (2,1).
struct SalesFixture {
  SalesFixture() : db(test::RequirePgTestDb()) {
    auto created = SessionPool::Create({db->conninfo(), 1});
    REQUIRE(created.ok());
    pool = *std::move(created);
    auto sql = db->Connect();
    *sql << R"sql(
      INSERT INTO store (code, name) VALUES ('S1', 'One'), ('S2', 'Two');
      INSERT INTO product (sku, name) VALUES ('P1', 'One'), ('P2', 'Two');
      INSERT INTO sales_daily (store_id, product_id, date, quantity, unit_price) VALUES
        (1, 1, '2024-03-05', 5, 2.5),
        (1, 1, '2024-03-01', 1.25, NULL),
        (1, 1, '2024-03-02', 0, 2.49),
        (1, 1, '2024-03-03', 3, 2.49),
        (1, 1, '2024-03-04', 4, 2.49),
        (2, 1, '2024-03-01', 9, 1);
      -- chain-wide, every product: 03-02
      INSERT INTO promotion (name, store_id, product_id, start_date, end_date, discount_pct)
      VALUES ('all', NULL, NULL, '2024-03-02', '2024-03-02', 10),
      -- store 1, product 1: 03-04..03-05
             ('s1p1', 1, 1, '2024-03-04', '2024-03-05', 20),
      -- not for this pair: another store, another product
             ('s2', 2, 1, '2024-03-03', '2024-03-03', 20),
             ('p2', NULL, 2, '2024-03-01', '2024-03-05', 20);)sql";
  }
  std::unique_ptr<test::PgTestDb> db;
  std::unique_ptr<SessionPool> pool;
};

TEST_CASE("GetSales returns the pair's days in order with prices and promo flags",
          "[store][pg][sales]") {
  SalesFixture f;
  PgSalesRepository repo(*f.pool);
  auto sales = repo.GetSales({1, 1, std::nullopt, std::nullopt});
  REQUIRE(sales.ok());
  const std::vector<SalesRow> expected = {
      {absl::CivilDay(2024, 3, 1), 1.25, std::nullopt, false},
      {absl::CivilDay(2024, 3, 2), 0, 2.49, true},
      {absl::CivilDay(2024, 3, 3), 3, 2.49, false},
      {absl::CivilDay(2024, 3, 4), 4, 2.49, true},
      {absl::CivilDay(2024, 3, 5), 5, 2.5, true},
  };
  CHECK(*sales == expected);
}

TEST_CASE("GetSales applies inclusive bounds", "[store][pg][sales]") {
  SalesFixture f;
  PgSalesRepository repo(*f.pool);
  auto window = repo.GetSales({1, 1, absl::CivilDay(2024, 3, 2), absl::CivilDay(2024, 3, 4)});
  REQUIRE(window.ok());
  REQUIRE(window->size() == 3);
  CHECK(window->front().date == absl::CivilDay(2024, 3, 2));
  CHECK(window->back().date == absl::CivilDay(2024, 3, 4));
  auto from = repo.GetSales({1, 1, absl::CivilDay(2024, 3, 5), std::nullopt});
  REQUIRE(from.ok());
  CHECK(from->size() == 1);
  auto first_two = repo.GetSales({1, 1, absl::CivilDay(2024, 3, 2), std::nullopt, 2});
  REQUIRE(first_two.ok());
  REQUIRE(first_two->size() == 2);
  CHECK(first_two->back().date == absl::CivilDay(2024, 3, 3));
  auto until = repo.GetSales({1, 1, std::nullopt, absl::CivilDay(2024, 2, 1)});
  REQUIRE(until.ok());
  CHECK(until->empty());
  auto no_rows = repo.GetSales({2, 2, std::nullopt, std::nullopt});
  REQUIRE(no_rows.ok());
  CHECK(no_rows->empty());
}

TEST_CASE("GetSales reports unknown stores and products", "[store][pg][sales]") {
  SalesFixture f;
  PgSalesRepository repo(*f.pool);
  auto store = repo.GetSales({42, 1, std::nullopt, std::nullopt});
  CHECK(store.status().code() == absl::StatusCode::kNotFound);
  CHECK(std::string(store.status().message()) == "store 42 not found");
  auto product = repo.GetSales({1, 42, std::nullopt, std::nullopt});
  CHECK(product.status().code() == absl::StatusCode::kNotFound);
  CHECK(std::string(product.status().message()) == "product 42 not found");
}

}  // namespace
}  // namespace champion::store
