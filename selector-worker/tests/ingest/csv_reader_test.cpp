#include "ingest/csv_reader.h"

#include <catch2/catch.hpp>

namespace champion::ingest {
namespace {

std::vector<CsvRecord> ReadAll(std::string_view text) {
  CsvReader reader(text);
  std::vector<CsvRecord> out;
  CsvRecord record;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&record);
    REQUIRE(more.ok());
    if (!*more) break;
    out.push_back(record);
  }
  return out;
}

TEST_CASE("CsvReader splits LF and CRLF records and trims unquoted fields", "[ingest][csv]") {
  const auto records = ReadAll("a, b ,c\r\nd,e,f\n");
  REQUIRE(records.size() == 2);
  CHECK(records[0].fields == std::vector<std::string>{"a", "b", "c"});
  CHECK(records[1].fields == std::vector<std::string>{"d", "e", "f"});
  CHECK(records[1].line == 2);
}

TEST_CASE("CsvReader handles RFC 4180 quoting across lines", "[ingest][csv]") {
  const auto records = ReadAll("\"x,1\",\"say \"\"hi\"\"\",\"multi\nline\"\nnext,\"\",z\n");
  REQUIRE(records.size() == 2);
  CHECK(records[0].fields == std::vector<std::string>{"x,1", "say \"hi\"", "multi\nline"});
  CHECK(records[1].line == 3);
  CHECK(records[1].fields == std::vector<std::string>{"next", "", "z"});
  CHECK_FALSE(records[1].blank);
}

TEST_CASE("CsvReader marks blank lines and skips a UTF-8 BOM", "[ingest][csv]") {
  const auto records = ReadAll(
      "\xEF\xBB\xBF"
      "a\n\r\nb");
  REQUIRE(records.size() == 3);
  CHECK(records[0].fields == std::vector<std::string>{"a"});
  CHECK(records[1].blank);
  CHECK(records[2].fields == std::vector<std::string>{"b"});
  CHECK(records[2].line == 3);
}

TEST_CASE("CsvReader rejects malformed quoting with the line", "[ingest][csv]") {
  SECTION("unterminated") {
    CsvReader reader("a\n\"open,b\n");
    CsvRecord record;
    REQUIRE(reader.Next(&record).ok());
    absl::StatusOr<bool> next = reader.Next(&record);
    REQUIRE_FALSE(next.ok());
    CHECK(std::string(next.status().message()) == "line 2: unterminated quoted field");
  }
  SECTION("text after closing quote") {
    CsvReader reader("\"a\"b,c\n");
    CsvRecord record;
    absl::StatusOr<bool> next = reader.Next(&record);
    REQUIRE_FALSE(next.ok());
    CHECK(std::string(next.status().message()) == "line 1: unexpected text after a closing quote");
  }
  SECTION("quote inside unquoted field") {
    CsvReader reader("ab\"c\n");
    CsvRecord record;
    absl::StatusOr<bool> next = reader.Next(&record);
    REQUIRE_FALSE(next.ok());
    CHECK(next.status().code() == absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace champion::ingest
