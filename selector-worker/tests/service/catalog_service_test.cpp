#include "service/catalog_service.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

#include "common/iso_date.h"
#include "common/status_codes.h"
#include "service/service_test_env.h"
#include "store/page_token.h"

namespace champion {
namespace {

namespace v1 = champion::v1;
using testing::ServiceTestEnv;

// The fields named by the call's google.rpc.BadRequest, in order.
std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  for (const auto& v : GetFieldViolations(FromGrpcStatus(status))) fields.push_back(v.field);
  return fields;
}

void AddStores(ServiceTestEnv& env, int n) {
  for (int i = 1; i <= n; ++i) {
    env.catalog.stores.push_back({.id = i,
                                  .code = "S00" + std::to_string(i),
                                  .name = i % 2 ? "North market" : "South market",
                                  .region = "R",
                                  .city = "C",
                                  .store_type = "supermarket"});
  }
}

TEST_CASE("ListStores maps every field and pages through the repository", "[grpc][service]") {
  ServiceTestEnv env;
  AddStores(env, 3);
  v1::ListStoresRequest request;
  request.set_page_size(2);
  v1::ListStoresResponse first;
  REQUIRE(env.catalog_stub->ListStores(ServiceTestEnv::Context().get(), request, &first).ok());
  REQUIRE(first.stores_size() == 2);
  CHECK(first.stores(0).code() == "S001");
  CHECK(first.stores(0).store_type() == "supermarket");
  CHECK(first.total_size() == 3);
  REQUIRE_FALSE(first.next_page_token().empty());

  request.set_page_token(first.next_page_token());
  v1::ListStoresResponse second;
  REQUIRE(env.catalog_stub->ListStores(ServiceTestEnv::Context().get(), request, &second).ok());
  REQUIRE(second.stores_size() == 1);
  CHECK(second.stores(0).id() == 3);
  CHECK(second.next_page_token().empty());
}

TEST_CASE("ListStores serves a page size above the maximum and rejects a negative one",
          "[grpc][service]") {
  ServiceTestEnv env;
  v1::ListStoresRequest request;
  request.set_page_size(501);
  v1::ListStoresResponse response;
  REQUIRE(env.catalog_stub->ListStores(ServiceTestEnv::Context().get(), request, &response).ok());
  CHECK(response.stores_size() == response.total_size());
  request.set_page_size(-1);
  const grpc::Status status =
      env.catalog_stub->ListStores(ServiceTestEnv::Context().get(), request, &response);
  REQUIRE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  const auto violations = GetFieldViolations(FromGrpcStatus(status));
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].field == "page_size");
}

TEST_CASE("A catalog search is bounded and free of control characters", "[grpc][service]") {
  ServiceTestEnv env;
  for (const std::string& search :
       {std::string(201, 's'), std::string("a\0b", 3), std::string("line\nbreak")}) {
    v1::ListProductsRequest request;
    request.set_search(search);
    v1::ListProductsResponse response;
    const grpc::Status status =
        env.catalog_stub->ListProducts(ServiceTestEnv::Context().get(), request, &response);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    const auto violations = GetFieldViolations(FromGrpcStatus(status));
    REQUIRE(violations.size() == 1);
    CHECK(violations[0].field == "search");
  }
  v1::ListStoresRequest ok;
  ok.set_search("Zürich " + std::string(150, 's'));  // UTF-8 is fine
  v1::ListStoresResponse response;
  CHECK(env.catalog_stub->ListStores(ServiceTestEnv::Context().get(), ok, &response).ok());
}

TEST_CASE("ListProducts prints an absent launch date as unset", "[grpc][service]") {
  ServiceTestEnv env;
  env.catalog.products.push_back({.id = 1, .sku = "P1", .name = "Milk"});
  env.catalog.products.push_back(
      {.id = 2, .sku = "P2", .name = "Tea", .launch_date = absl::CivilDay(2025, 3, 1)});
  v1::ListProductsResponse response;
  REQUIRE(env.catalog_stub
              ->ListProducts(ServiceTestEnv::Context().get(), v1::ListProductsRequest(), &response)
              .ok());
  REQUIRE(response.products_size() == 2);
  CHECK_FALSE(response.products(0).has_launch_date());
  CHECK(response.products(1).launch_date() == "2025-03-01");
}

TEST_CASE("GetSales filters by the inclusive window and validates dates", "[grpc][service]") {
  ServiceTestEnv env;
  env.sales.series[{1, 1}] = testing::DailyRows(10);
  env.sales.series[{1, 1}][2].unit_price = 2.5;
  env.sales.series[{1, 1}][2].promo_active = true;

  SECTION("window") {
    v1::GetSalesRequest request;
    request.set_store_id(1);
    request.set_product_id(1);
    request.set_start_date("2024-01-03");
    request.set_end_date("2024-01-05");
    v1::GetSalesResponse response;
    REQUIRE(env.catalog_stub->GetSales(ServiceTestEnv::Context().get(), request, &response).ok());
    REQUIRE(response.points_size() == 3);
    CHECK(response.points(0).date() == "2024-01-03");
    CHECK(response.points(0).unit_price() == 2.5);
    CHECK(response.points(0).promo_active());
    CHECK_FALSE(response.points(1).has_unit_price());
  }
  SECTION("bad dates and ids are field violations") {
    v1::GetSalesRequest request;
    request.set_store_id(0);
    request.set_product_id(1);
    request.set_start_date("2024-02-30");
    request.set_end_date("2024-01-01");
    v1::GetSalesResponse response;
    const auto status =
        env.catalog_stub->GetSales(ServiceTestEnv::Context().get(), request, &response);
    REQUIRE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    const std::vector<std::string> fields = ViolatedFields(status);
    CHECK(fields == std::vector<std::string>{"store_id", "start_date"});
  }
  SECTION("dates outside the accepted range") {
    v1::GetSalesRequest request;
    request.set_store_id(1);
    request.set_product_id(1);
    request.set_start_date("0025-01-15");
    request.set_end_date("2200-01-01");
    v1::GetSalesResponse response;
    const auto status =
        env.catalog_stub->GetSales(ServiceTestEnv::Context().get(), request, &response);
    REQUIRE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    const std::vector<std::string> fields = ViolatedFields(status);
    CHECK(fields == std::vector<std::string>{"start_date", "end_date"});
    CHECK_THAT(status.error_message(), Catch::Matchers::Contains("1900-01-01..2199-12-31"));
  }
  SECTION("pages through the series in date order") {
    v1::GetSalesRequest request;
    request.set_store_id(1);
    request.set_product_id(1);
    request.set_start_date("2024-01-02");
    request.set_page_size(4);
    std::vector<std::string> dates;
    std::vector<int> sizes;
    for (int page = 0; page < 5; ++page) {
      v1::GetSalesResponse response;
      REQUIRE(env.catalog_stub->GetSales(ServiceTestEnv::Context().get(), request, &response).ok());
      sizes.push_back(response.points_size());
      for (const auto& p : response.points()) dates.push_back(p.date());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    CHECK(sizes == std::vector<int>{4, 4, 1});
    REQUIRE(dates.size() == 9);
    CHECK(dates.front() == "2024-01-02");
    CHECK(dates.back() == "2024-01-10");
    CHECK(std::is_sorted(dates.begin(), dates.end()));
    CHECK(std::adjacent_find(dates.begin(), dates.end()) == dates.end());
  }
  SECTION("a page token of another pair, garbage, or a page too large") {
    env.sales.series[{2, 2}] = testing::DailyRows(10);
    v1::GetSalesRequest request;
    request.set_store_id(2);
    request.set_product_id(2);
    request.set_page_size(3);
    v1::GetSalesResponse response;
    REQUIRE(env.catalog_stub->GetSales(ServiceTestEnv::Context().get(), request, &response).ok());
    REQUIRE_FALSE(response.next_page_token().empty());
    request.set_store_id(1);
    request.set_product_id(1);
    request.set_page_token(response.next_page_token());
    CHECK(env.catalog_stub->GetSales(ServiceTestEnv::Context().get(), request, &response)
              .error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    request.set_page_token("garbage");
    CHECK(env.catalog_stub->GetSales(ServiceTestEnv::Context().get(), request, &response)
              .error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    request.clear_page_token();
    request.set_page_size(-5);
    CHECK(env.catalog_stub->GetSales(ServiceTestEnv::Context().get(), request, &response)
              .error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    request.set_page_size(10001);  // Served as the maximum page.
    CHECK(env.catalog_stub->GetSales(ServiceTestEnv::Context().get(), request, &response).ok());
  }
  // A token is opaque but not signed: one naming a day past the accepted range sent a date
  // outside 1900..2199 to the repository, and at INT64_MAX overflowed the day arithmetic.
  SECTION("a crafted page token past the last accepted day") {
    const int64_t last_day = kMaxDate - (kMinDate - 1);  // the day count of kMaxDate
    v1::GetSalesRequest request;
    request.set_store_id(1);
    request.set_product_id(1);
    v1::GetSalesResponse response;
    request.set_page_token(store::EncodePageToken("sales/1/1", last_day));
    CHECK(env.catalog_stub->GetSales(ServiceTestEnv::Context().get(), request, &response).ok());
    CHECK(response.points_size() == 0);
    for (const int64_t day :
         {last_day + 1, int64_t{1} << 40, std::numeric_limits<int64_t>::max()}) {
      INFO(day);
      request.set_page_token(store::EncodePageToken("sales/1/1", day));
      const auto status =
          env.catalog_stub->GetSales(ServiceTestEnv::Context().get(), request, &response);
      CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
      CHECK(status.error_message() == "invalid page_token");
    }
  }
  SECTION("unknown pair is NOT_FOUND") {
    v1::GetSalesRequest request;
    request.set_store_id(9);
    request.set_product_id(9);
    v1::GetSalesResponse response;
    CHECK(env.catalog_stub->GetSales(ServiceTestEnv::Context().get(), request, &response)
              .error_code() == grpc::StatusCode::NOT_FOUND);
  }
}

grpc::Status Import(ServiceTestEnv& env, const std::vector<std::string>& chunks,
                    bool create_missing, v1::ImportSalesResponse* response) {
  auto context = ServiceTestEnv::Context();
  auto writer = env.catalog_stub->ImportSales(context.get(), response);
  bool first = true;
  for (const auto& chunk : chunks) {
    v1::ImportSalesRequest request;
    if (first) request.set_create_missing(create_missing);
    first = false;
    request.set_csv_chunk(chunk);
    if (!writer->Write(request)) break;
  }
  writer->WritesDone();
  return writer->Finish();
}

TEST_CASE("ImportSales joins the streamed chunks before parsing", "[grpc][service]") {
  ServiceTestEnv env;
  v1::ImportSalesResponse response;
  const auto status = Import(
      env,
      {"date,store_code,product_sku,quan", "tity\n2024-01-01,S1,P1,2.5\n", "2024-01-02,S1,P1,3\n"},
      true, &response);
  REQUIRE(status.ok());
  CHECK(response.rows_total() == 2);
  REQUIRE(env.sales.imports.size() == 1);
  CHECK(env.sales.imports[0][0].quantity == 2.5);
  CHECK(env.sales.last_create_missing);
}

TEST_CASE("ImportSales rejects a bad row with its line and imports nothing", "[grpc][service]") {
  ServiceTestEnv env;
  v1::ImportSalesResponse response;
  const auto status = Import(
      env, {"date,store_code,product_sku,quantity\n2024-01-01,S1,P1,1\n2024-01-02,S1,P1,x\n"},
      false, &response);
  REQUIRE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK_THAT(status.error_message(), Catch::Matchers::Contains("line 3"));
  CHECK(env.sales.imports.empty());
}

TEST_CASE("ImportSales refuses a stream over the size limit", "[grpc][service]") {
  ServiceTestEnv env(/*max_import_bytes=*/2048);
  v1::ImportSalesResponse response;
  const std::string header = "date,store_code,product_sku,quantity\n";
  const auto status =
      Import(env, {header, std::string(1500, 'x'), std::string(1500, 'x')}, false, &response);
  CHECK(status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  CHECK(env.sales.imports.empty());
}

// The defect: a stream that ended without a clean half-close (cancelled, deadline passed,
// client gone) was imported anyway, truncated last value included.
TEST_CASE("An ImportSales stream that does not close cleanly writes nothing", "[grpc][service]") {
  ServiceTestEnv env;
  const std::string chunk =
      "date,store_code,product_sku,quantity\n2024-01-01,NEW,P1,12\n2024-01-02,NEW,P1,1";
  v1::ImportSalesRequest request;
  request.set_create_missing(true);
  request.set_csv_chunk(chunk);
  SECTION("cancelled after a chunk that ends mid-row") {
    v1::ImportSalesResponse response;
    auto context = ServiceTestEnv::Context();
    auto writer = env.catalog_stub->ImportSales(context.get(), &response);
    REQUIRE(writer->Write(request));
    context->TryCancel();
    CHECK(writer->Finish().error_code() == grpc::StatusCode::CANCELLED);
  }
  SECTION("its deadline passes while the client still holds it open") {
    v1::ImportSalesResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    auto writer = env.catalog_stub->ImportSales(&context, &response);
    REQUIRE(writer->Write(request));
    CHECK(writer->Finish().error_code() == grpc::StatusCode::DEADLINE_EXCEEDED);
  }
  // Give the server the time to get to the end of the call; nothing may have been imported.
  absl::SleepFor(absl::Milliseconds(500));
  CHECK(env.sales.imports.empty());
  // The same chunk closed cleanly is imported (the truncated last row is the client's file).
  v1::ImportSalesResponse response;
  CHECK(Import(env, {chunk + "\n"}, true, &response).ok());
  CHECK(env.sales.imports.size() == 1);
}

}  // namespace
}  // namespace champion
