#include "ingest/sales_csv.h"

#include <catch2/catch.hpp>

namespace champion::ingest {
namespace {

std::string ErrorOf(std::string_view text) {
  absl::StatusOr<std::vector<SalesCsvRow>> rows = ParseSalesCsv(text);
  REQUIRE_FALSE(rows.ok());
  CHECK(rows.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(rows.status().message());
}

constexpr std::string_view kHeader = "date,store_code,product_sku,quantity,unit_price\n";

std::string WithHeader(std::string_view body) { return std::string(kHeader) + std::string(body); }

TEST_CASE("ParseSalesCsv reads a good file with and without prices", "[ingest][sales_csv]") {
  absl::StatusOr<std::vector<SalesCsvRow>> rows =
      ParseSalesCsv(WithHeader("2024-03-01,S001,SKU-0001,12,2.49\n"
                               "2024-03-02,S001,SKU-0001,0.5,\n"
                               "2024-02-29,\"S,002\",SKU-0002,.25,0\n"));
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 3);
  const SalesCsvRow& first = (*rows)[0];
  CHECK(first.line == 2);
  CHECK(first.date == absl::CivilDay(2024, 3, 1));
  CHECK(first.store_code == "S001");
  CHECK(first.product_sku == "SKU-0001");
  CHECK(first.quantity == 12.0);
  REQUIRE(first.unit_price.has_value());
  CHECK(*first.unit_price == 2.49);
  CHECK_FALSE((*rows)[1].unit_price.has_value());
  CHECK((*rows)[1].quantity == 0.5);
  CHECK((*rows)[2].line == 4);
  CHECK((*rows)[2].store_code == "S,002");
  CHECK((*rows)[2].quantity == 0.25);
  CHECK((*rows)[2].unit_price == 0.0);
}

TEST_CASE("ParseSalesCsv accepts the four-column header, CRLF and trailing blanks",
          "[ingest][sales_csv]") {
  absl::StatusOr<std::vector<SalesCsvRow>> rows = ParseSalesCsv(
      "Date,Store_Code,PRODUCT_SKU,quantity\r\n2024-01-01,S1,P1,3\r\n2024-01-02,S1,P1,4\r\n\r\n\n");
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[1].line == 3);
  CHECK((*rows)[1].quantity == 4.0);
  CHECK_FALSE((*rows)[1].unit_price.has_value());
}

TEST_CASE("ParseSalesCsv accepts a header without rows", "[ingest][sales_csv]") {
  absl::StatusOr<std::vector<SalesCsvRow>> rows = ParseSalesCsv(kHeader);
  REQUIRE(rows.ok());
  CHECK(rows->empty());
}

TEST_CASE("ParseSalesCsv rejects a missing or wrong header", "[ingest][sales_csv]") {
  CHECK(ErrorOf("") == "line 1: missing header line");
  CHECK(ErrorOf("\n2024-01-01,S1,P1,3\n") == "line 1: missing header line");
  CHECK(ErrorOf("2024-01-01,S1,P1,3\n") ==
        "line 1: header must be 'date,store_code,product_sku,quantity[,unit_price]', got "
        "'2024-01-01,S1,P1,3'");
  CHECK_THAT(ErrorOf("date,store,product_sku,quantity\n"),
             Catch::Matchers::StartsWith("line 1: header must be"));
  CHECK_THAT(ErrorOf("date,store_code,product_sku\n"),
             Catch::Matchers::StartsWith("line 1: header must be"));
  CHECK_THAT(ErrorOf("date,store_code,product_sku,quantity,unit_price,extra\n"),
             Catch::Matchers::StartsWith("line 1: header must be"));
}

TEST_CASE("ParseSalesCsv names the line and reason of the first bad row", "[ingest][sales_csv]") {
  const std::string good = "2024-01-01,S1,P1,3,1.5\n";
  struct Case {
    std::string row;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"2024-01-02,S1,P1,3\n", "line 3: expected 5 fields, got 4"},
      {"2024-01-02,S1,P1,3,1,9\n", "line 3: expected 5 fields, got 6"},
      {"2024-02-30,S1,P1,3,1\n", "line 3, column 1 (date): '2024-02-30' is not a calendar date"},
      {"2023-02-29,S1,P1,3,1\n", "line 3, column 1 (date): '2023-02-29' is not a calendar date"},
      {"01/02/2024,S1,P1,3,1\n",
       "line 3, column 1 (date): '01/02/2024' is not an ISO date (YYYY-MM-DD)"},
      {"2024-1-2,S1,P1,3,1\n",
       "line 3, column 1 (date): '2024-1-2' is not an ISO date (YYYY-MM-DD)"},
      // The defect: year 0025 was accepted and written unpadded, overwriting 2025-01-15.
      {"0025-01-15,S1,P1,0,1\n",
       "line 3, column 1 (date): '0025-01-15' is outside the accepted range "
       "1900-01-01..2199-12-31"},
      {"2200-01-01,S1,P1,0,1\n",
       "line 3, column 1 (date): '2200-01-01' is outside the accepted range "
       "1900-01-01..2199-12-31"},
      {"2024-01-02,,P1,3,1\n", "line 3: store_code is empty"},
      {"2024-01-02,S1,,3,1\n", "line 3: product_sku is empty"},
      {"2024-01-02,S1,P1,,1\n", "line 3: quantity is empty"},
      {"2024-01-02,S1,P1,-1,1\n", "line 3: quantity must be non-negative, got '-1'"},
      {"2024-01-02,S1,P1,abc,1\n", "line 3: quantity 'abc' is not a non-negative decimal number"},
      {"2024-01-02,S1,P1,1e3,1\n", "line 3: quantity '1e3' is not a non-negative decimal number"},
      {"2024-01-02,S1,P1,1.2.3,1\n",
       "line 3: quantity '1.2.3' is not a non-negative decimal number"},
      {"2024-01-02,S1,P1,nan,1\n", "line 3: quantity 'nan' is not a non-negative decimal number"},
      {"2024-01-02,S1,P1,+1,1\n", "line 3: quantity '+1' is not a non-negative decimal number"},
      {"2024-01-02,S1,P1,1,-0.5\n", "line 3: unit_price must be non-negative, got '-0.5'"},
      {"2024-01-02,S1,P1,1,$2\n", "line 3: unit_price '$2' is not a non-negative decimal number"},
      {"2024-01-01,S1,P1,4,2\n",
       "line 3: duplicate row for date 2024-01-01, store 'S1', product 'P1' (first on line 2)"},
      {"\n2024-01-02,S1,P1,1,1\n", "line 3: empty line"},
      {"2024-01-02,S1,\"P1\"x,1,1\n", "line 3: unexpected text after a closing quote"},
      {"2024-01-02,S1,\"P1,1,1\n", "line 3: unterminated quoted field"},
      {"2024-01-02," + std::string(65, 'S') + ",P1,1,1\n",
       "line 3: store_code is longer than 64 characters"},
  };
  for (const Case& c : cases) {
    INFO("row: " << c.row);
    CHECK(ErrorOf(WithHeader(good + c.row + "2024-01-09,S1,P1,1,1\n")) == c.error);
  }
}

TEST_CASE("ParseSalesCsv counts lines across quoted newlines", "[ingest][sales_csv]") {
  CHECK(ErrorOf(WithHeader("2024-01-01,\"S\n1\",P1,1,1\n2024-01-02,S1,P1,x,1\n")) ==
        "line 4: quantity 'x' is not a non-negative decimal number");
}

TEST_CASE("ParseNonNegativeDecimal accepts plain decimals only", "[ingest][sales_csv]") {
  CHECK(ParseNonNegativeDecimal("0") == 0.0);
  CHECK(ParseNonNegativeDecimal("007.50") == 7.5);
  CHECK(ParseNonNegativeDecimal("5.") == 5.0);
  CHECK(ParseNonNegativeDecimal(".5") == 0.5);
  CHECK_FALSE(ParseNonNegativeDecimal(".").has_value());
  CHECK_FALSE(ParseNonNegativeDecimal("").has_value());
  CHECK_FALSE(ParseNonNegativeDecimal(" 1").has_value());
  CHECK_FALSE(ParseNonNegativeDecimal("inf").has_value());
  CHECK_FALSE(ParseNonNegativeDecimal(std::string(40, '9')).has_value());
}

}  // namespace
}  // namespace champion::ingest
