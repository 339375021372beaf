#include "store/pg_catalog_repository.h"

#include <catch2/catch.hpp>

#include "pg_test_db.h"

namespace champion::store {
namespace {

struct CatalogFixture {
  CatalogFixture() : db(test::RequirePgTestDb()) {
    auto created = SessionPool::Create({db->conninfo(), 2});
    REQUIRE(created.ok());
    pool = *std::move(created);
    auto sql = db->Connect();
    *sql << R"sql(
      INSERT INTO store (code, name, region, city, store_type) VALUES
        ('S001', 'Springfield Market', 'North', 'Springfield', 'supermarket'),
        ('S002', 'Riverton Market', 'South', 'Riverton', 'hypermarket'),
        ('S003', 'Lakeside Express', 'North', 'Lakeside', 'express'),
        ('S004', 'Fairview 100% Fresh', 'West', 'Fairview', NULL),
        ('S005', 'Hillcrest Market', 'East', NULL, 'convenience'),
        ('S006', 'Northgate Market', 'East', 'Northgate', 'supermarket'),
        ('S007', 'Oakridge Market', 'South', 'Oakridge', 'supermarket');
      INSERT INTO product (sku, name, category, brand, unit_of_measure, launch_date) VALUES
        ('SKU-1', 'Classic Cola', 'Beverages', 'Acme', 'each', '2023-02-01'),
        ('SKU-2', 'Organic Apples', 'Produce', NULL, 'kg', NULL);)sql";
  }
  std::unique_ptr<test::PgTestDb> db;
  std::unique_ptr<SessionPool> pool;
};

std::vector<std::string> Codes(const Page<Store>& page) {
  std::vector<std::string> codes;
  for (const Store& s : page.items) codes.push_back(s.code);
  return codes;
}

TEST_CASE("ListStores pages by id with opaque tokens", "[store][pg][catalog]") {
  CatalogFixture f;
  PgCatalogRepository repo(*f.pool);
  auto first = repo.ListStores({"", 3, ""});
  REQUIRE(first.ok());
  CHECK(Codes(*first) == std::vector<std::string>{"S001", "S002", "S003"});
  CHECK(first->total_size == 7);
  REQUIRE_FALSE(first->next_page_token.empty());
  CHECK(first->next_page_token.find("store") == std::string::npos);  // opaque

  auto second = repo.ListStores({"", 3, first->next_page_token});
  REQUIRE(second.ok());
  CHECK(Codes(*second) == std::vector<std::string>{"S004", "S005", "S006"});
  auto third = repo.ListStores({"", 3, second->next_page_token});
  REQUIRE(third.ok());
  CHECK(Codes(*third) == std::vector<std::string>{"S007"});
  CHECK(third->next_page_token.empty());
  CHECK(third->total_size == 7);

  auto exact = repo.ListStores({"", 7, ""});
  REQUIRE(exact.ok());
  CHECK(exact->items.size() == 7);
  CHECK(exact->next_page_token.empty());
  auto defaults = repo.ListStores({});
  REQUIRE(defaults.ok());
  CHECK(defaults->items.size() == 7);
  const Store& fourth = defaults->items[3];
  CHECK(fourth.store_type.empty());
  CHECK(defaults->items[4].city.empty());
}

TEST_CASE("ListStores searches code, name, region and city case-insensitively",
          "[store][pg][catalog]") {
  CatalogFixture f;
  PgCatalogRepository repo(*f.pool);
  auto north = repo.ListStores({"NORTH", 0, ""});
  REQUIRE(north.ok());
  // Region North (S001, S003) and city/name Northgate (S006).
  CHECK(Codes(*north) == std::vector<std::string>{"S001", "S003", "S006"});
  CHECK(north->total_size == 3);

  auto paged = repo.ListStores({"north", 2, ""});
  REQUIRE(paged.ok());
  CHECK(Codes(*paged) == std::vector<std::string>{"S001", "S003"});
  auto rest = repo.ListStores({"north", 2, paged->next_page_token});
  REQUIRE(rest.ok());
  CHECK(Codes(*rest) == std::vector<std::string>{"S006"});
  CHECK(rest->total_size == 3);

  auto by_code = repo.ListStores({"s00", 0, ""});
  REQUIRE(by_code.ok());
  CHECK(by_code->total_size == 7);

  // Wildcards are literal: "%" matches only the store whose name contains a percent sign.
  auto percent = repo.ListStores({"%", 0, ""});
  REQUIRE(percent.ok());
  CHECK(Codes(*percent) == std::vector<std::string>{"S004"});
  auto underscore = repo.ListStores({"_", 0, ""});
  REQUIRE(underscore.ok());
  CHECK(underscore->items.empty());
  CHECK(underscore->total_size == 0);
}

TEST_CASE("Listing rejects bad page sizes and tokens", "[store][pg][catalog]") {
  CatalogFixture f;
  PgCatalogRepository repo(*f.pool);
  CHECK(repo.ListStores({"", -1, ""}).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(repo.ListStores({"", 501, ""}).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(repo.ListStores({"", 500, ""}).ok());
  auto garbage = repo.ListStores({"", 2, "not-a-token!"});
  CHECK(garbage.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(garbage.status().message()) == "invalid page_token");
  auto products = repo.ListProducts({"", 1, ""});
  REQUIRE(products.ok());
  REQUIRE_FALSE(products->next_page_token.empty());
  CHECK(repo.ListStores({"", 1, products->next_page_token}).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

TEST_CASE("ListProducts and GetProduct return every field", "[store][pg][catalog]") {
  CatalogFixture f;
  PgCatalogRepository repo(*f.pool);
  auto all = repo.ListProducts({"", 0, ""});
  REQUIRE(all.ok());
  REQUIRE(all->items.size() == 2);
  CHECK(all->total_size == 2);
  const Product& cola = all->items[0];
  CHECK(cola.sku == "SKU-1");
  CHECK(cola.category == "Beverages");
  CHECK(cola.brand == "Acme");
  CHECK(cola.launch_date == absl::CivilDay(2023, 2, 1));
  auto apples = repo.GetProduct(all->items[1].id);
  REQUIRE(apples.ok());
  CHECK(*apples == all->items[1]);
  CHECK(apples->unit_of_measure == "kg");
  CHECK(apples->brand.empty());
  CHECK_FALSE(apples->launch_date.has_value());

  auto produce = repo.ListProducts({"produce", 0, ""});
  REQUIRE(produce.ok());
  REQUIRE(produce->items.size() == 1);
  CHECK(produce->items[0].sku == "SKU-2");
  auto acme = repo.ListProducts({"ACME", 0, ""});
  REQUIRE(acme.ok());
  CHECK(acme->total_size == 1);
}

TEST_CASE("GetStore and GetProduct report unknown ids as NotFound", "[store][pg][catalog]") {
  CatalogFixture f;
  PgCatalogRepository repo(*f.pool);
  auto store = repo.GetStore(1);
  REQUIRE(store.ok());
  CHECK(store->code == "S001");
  CHECK(store->region == "North");
  auto missing = repo.GetStore(999);
  CHECK(missing.status().code() == absl::StatusCode::kNotFound);
  CHECK(std::string(missing.status().message()) == "store 999 not found");
  CHECK(repo.GetProduct(999).status().code() == absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace champion::store
