#include "engine/series/series.h"

#include <catch2/catch.hpp>

namespace champion::engine {
namespace {

const absl::CivilDay kD(2024, 3, 1);

std::vector<SalesRow> Rows() {
  return {{.date = kD + 4, .quantity = 8.0, .unit_price = 2.5},
          {.date = kD, .quantity = 4.0, .promo_active = true},
          {.date = kD + 1, .quantity = 6.0, .is_holiday = true},
          {.date = kD + 9, .quantity = 1.0}};  // Outside a window ending at kD + 5.
}

TEST_CASE("PrepareSeries keeps only observed days by default", "[engine][series]") {
  absl::StatusOr<Series> s = PrepareSeries(Rows(), {.start_date = kD, .end_date = kD + 5});
  REQUIRE(s.ok());
  CHECK(s->dates == std::vector<absl::CivilDay>{kD, kD + 1, kD + 4});
  CHECK(s->values == std::vector<double>{4, 6, 8});
  CHECK(s->promo_active == std::vector<bool>{true, false, false});
  CHECK(s->is_holiday == std::vector<bool>{false, true, false});
  CHECK(s->unit_prices[2] == 2.5);
  CHECK_FALSE(s->unit_prices[0].has_value());
  CHECK(s->imputed == std::vector<bool>{false, false, false});
}

// The defect: one row a thousand years back with zero fill built a 3.3M-day series.
TEST_CASE("PrepareSeries refuses a window longer than kMaxSeriesDays", "[engine][series]") {
  const std::vector<SalesRow> rows = {{.date = absl::CivilDay(1900, 1, 1), .quantity = 1},
                                      {.date = absl::CivilDay(2024, 1, 1), .quantity = 2}};
  auto too_long = PrepareSeries(rows, {.start_date = absl::CivilDay(1900, 1, 1),
                                       .end_date = absl::CivilDay(2024, 1, 1),
                                       .fill = FillMissingDays::kZero});
  CHECK(too_long.status().code() == absl::StatusCode::kInvalidArgument);
  const absl::CivilDay end(2024, 1, 1);
  auto longest = PrepareSeries(
      rows,
      {.start_date = end - (kMaxSeriesDays - 1), .end_date = end, .fill = FillMissingDays::kZero});
  REQUIRE(longest.ok());
  CHECK(longest->size() == 1);
}

TEST_CASE("PrepareSeries fills missing days", "[engine][series]") {
  SECTION("zero") {
    absl::StatusOr<Series> s = PrepareSeries(
        Rows(), {.start_date = kD, .end_date = kD + 5, .fill = FillMissingDays::kZero});
    REQUIRE(s.ok());
    CHECK(s->values == std::vector<double>{4, 6, 0, 0, 8});
    CHECK(s->imputed == std::vector<bool>{false, false, true, true, false});
    CHECK(s->dates.back() == kD + 4);  // Never extrapolated past the last observed day.
  }
  SECTION("linear") {
    absl::StatusOr<Series> s = PrepareSeries(
        Rows(), {.start_date = kD, .end_date = kD + 5, .fill = FillMissingDays::kLinear});
    REQUIRE(s.ok());
    REQUIRE(s->size() == 5);
    CHECK_THAT(s->values[2], Catch::Matchers::WithinAbs(6.0 + 2.0 / 3.0, 1e-12));
    CHECK_THAT(s->values[3], Catch::Matchers::WithinAbs(6.0 + 4.0 / 3.0, 1e-12));
  }
}

TEST_CASE("PrepareSeries merges rows of the same day", "[engine][series]") {
  std::vector<SalesRow> rows = {
      {.date = kD, .quantity = 1.0},
      {.date = kD, .quantity = 2.0, .unit_price = 3.0, .promo_active = true}};
  absl::StatusOr<Series> s = PrepareSeries(rows, {.start_date = kD, .end_date = kD});
  REQUIRE(s.ok());
  CHECK(s->values == std::vector<double>{3.0});
  CHECK(s->unit_prices[0] == 3.0);
  CHECK(s->promo_active[0]);
}

TEST_CASE("PrepareSeries errors", "[engine][series]") {
  CHECK(PrepareSeries(Rows(), {.start_date = kD + 20, .end_date = kD + 30}).status().message() ==
        "no sales rows between 2024-03-21 and 2024-03-31");
  CHECK(PrepareSeries(Rows(), {.start_date = kD + 1, .end_date = kD}).status().code() ==
        absl::StatusCode::kInvalidArgument);
  std::vector<SalesRow> bad = {{.date = kD, .quantity = -2.0}};
  CHECK_FALSE(PrepareSeries(bad, {.start_date = kD, .end_date = kD}).ok());
}

TEST_CASE("FillMissingDays parses its wire names", "[engine][series]") {
  CHECK(ParseFillMissingDays("linear").value() == FillMissingDays::kLinear);
  CHECK(ParseFillMissingDays("none").value() == FillMissingDays::kNone);
  CHECK_FALSE(ParseFillMissingDays("ffill").ok());
}

}  // namespace
}  // namespace champion::engine
