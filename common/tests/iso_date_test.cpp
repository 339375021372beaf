#include "common/iso_date.h"

#include <catch2/catch.hpp>

namespace champion {
namespace {

TEST_CASE("FormatIsoDate always writes four year digits", "[common][date]") {
  // The defect: "25-01-15" was written to SQL, and PostgreSQL read it as 2025-01-15.
  CHECK(FormatIsoDate(absl::CivilDay(25, 1, 15)) == "0025-01-15");
  CHECK(FormatIsoDate(absl::CivilDay(2024, 2, 29)) == "2024-02-29");
}

TEST_CASE("ParseIsoDate accepts real dates inside the range only", "[common][date]") {
  CHECK(*ParseIsoDate("2024-02-29") == absl::CivilDay(2024, 2, 29));
  CHECK(*ParseIsoDate("1900-01-01") == kMinDate);
  CHECK(*ParseIsoDate("2199-12-31") == kMaxDate);
  for (const char* outside : {"0025-01-15", "1899-12-31", "2200-01-01", "9999-12-31"}) {
    const auto parsed = ParseIsoDate(outside);
    INFO(outside);
    REQUIRE(parsed.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(parsed.status().message()),
               Catch::Matchers::Contains("outside the accepted range 1900-01-01..2199-12-31"));
  }
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31"}) {
    INFO(bad);
    CHECK_THAT(std::string(ParseIsoDate(bad).status().message()),
               Catch::Matchers::EndsWith("is not a calendar date"));
  }
  for (const char* garbage : {"", "2024-1-01", "24-01-01", "2024/01/01", "2024-01-01 ",
                              "+024-01-01", "2024-01-0x", "２０２４-01-01"}) {
    INFO(garbage);
    CHECK_THAT(std::string(ParseIsoDate(garbage).status().message()),
               Catch::Matchers::EndsWith("is not an ISO date (YYYY-MM-DD)"));
  }
  const auto long_text = ParseIsoDate(std::string(100000, '9'));
  CHECK(long_text.status().message().size() < 120);  // quoted, not echoed whole
}

}  // namespace
}  // namespace champion
