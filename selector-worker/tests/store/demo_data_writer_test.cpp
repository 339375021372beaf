#include "store/demo_data_writer.h"

#include <catch2/catch.hpp>

#include "pg_test_db.h"
#include "store/pg_catalog_repository.h"
#include "store/pg_sales_repository.h"

namespace champion::store {
namespace {

struct WriterFixture {
  WriterFixture() : db(test::RequirePgTestDb()) {
    // The seed runs as the schema owner (it sets the identity sequences).
    auto created = SessionPool::Create({db->owner_conninfo(), 1});
    REQUIRE(created.ok());
    pool = *std::move(created);
  }
  std::unique_ptr<test::PgTestDb> db;
  std::unique_ptr<SessionPool> pool;
};

TEST_CASE("DemoDataWriter writes the generator's data once", "[store][pg][demo]") {
  WriterFixture f;
  DemoDataWriter writer(*f.pool);
  REQUIRE(writer.IsEmpty().ok());
  CHECK(*writer.IsEmpty());

  seed::Options options;
  options.stores = 2;
  options.products = 4;
  options.days = 150;
  auto data = seed::GenerateDemoData(options);
  REQUIRE(data.ok());
  auto stats = writer.Write(*data);
  REQUIRE(stats.ok());
  CHECK(stats->stores == 2);
  CHECK(stats->products == 4);
  CHECK(stats->calendar_days == 150);
  CHECK(stats->promotions == static_cast<int64_t>(data->promotions.size()));
  CHECK(stats->sales == static_cast<int64_t>(data->sales.size()));
  CHECK_FALSE(*writer.IsEmpty());

  auto again = writer.Write(*data);
  CHECK(again.status().code() == absl::StatusCode::kFailedPrecondition);

  // The series read back equals the generated one (ids kept, decimals exact).
  auto sales = PgSalesRepository(*f.pool).GetSales({1, 1, std::nullopt, std::nullopt});
  REQUIRE(sales.ok());
  std::vector<seed::DemoSale> expected;
  for (const seed::DemoSale& s : data->sales) {
    if (s.store_id == 1 && s.product_id == 1) expected.push_back(s);
  }
  REQUIRE(sales->size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    REQUIRE((*sales)[i].date == expected[i].date);
    REQUIRE((*sales)[i].quantity == expected[i].quantity);
    REQUIRE((*sales)[i].unit_price == expected[i].unit_price);
  }

  PgCatalogRepository catalog(*f.pool);
  auto product = catalog.GetProduct(4);
  REQUIRE(product.ok());
  CHECK(product->sku == data->products[3].sku);
  CHECK(product->launch_date == data->products[3].launch_date);

  // The identity sequences moved past the explicit ids.
  auto sql = f.db->Connect();
  long long next_id = 0;
  *sql << "INSERT INTO store (code, name) VALUES ('X', 'X') RETURNING id", soci::into(next_id);
  CHECK(next_id == 3);
}

TEST_CASE("DemoDataWriter refuses a database with any catalog data", "[store][pg][demo]") {
  WriterFixture f;
  auto sql = f.db->Connect();
  *sql << "INSERT INTO product (sku, name) VALUES ('P', 'P')";
  DemoDataWriter writer(*f.pool);
  CHECK_FALSE(*writer.IsEmpty());
  seed::Options options;
  options.stores = 1;
  options.products = 1;
  options.days = 10;
  auto result = writer.Write(*seed::GenerateDemoData(options));
  CHECK(result.status().code() == absl::StatusCode::kFailedPrecondition);
  long long stores = 0;
  *sql << "SELECT count(*) FROM store", soci::into(stores);
  CHECK(stores == 0);
}

TEST_CASE("DemoDataWriter loads the default data set quickly", "[store][pg][demo]") {
  WriterFixture f;
  auto data = seed::GenerateDemoData({});
  REQUIRE(data.ok());
  const absl::Time start = absl::Now();
  auto stats = DemoDataWriter(*f.pool).Write(*data);
  REQUIRE(stats.ok());
  const absl::Duration took = absl::Now() - start;
  INFO("wrote " << stats->sales << " sales rows in " << absl::FormatDuration(took));
  CHECK(took < absl::Seconds(20));
  auto sales = PgSalesRepository(*f.pool).GetSales({1, 1, std::nullopt, std::nullopt});
  REQUIRE(sales.ok());
  CHECK(sales->size() >= 700);
  int promo_days = 0;
  for (const SalesRow& row : *sales) promo_days += row.promo_active ? 1 : 0;
  CHECK(promo_days > 0);
}

}  // namespace
}  // namespace champion::store
