#include "engine/availability.h"

#include <catch2/catch.hpp>
#include <vector>

namespace champion::engine {
namespace {

const absl::CivilDay kStart(2024, 1, 1);

// `n` rows on consecutive days from kStart, quantity 2 except every 10th day (0).
std::vector<SalesRow> ConsecutiveRows(int n) {
  std::vector<SalesRow> rows;
  for (int i = 0; i < n; ++i) {
    rows.push_back({.date = kStart + i, .quantity = i % 10 == 0 ? 0.0 : 2.0});
  }
  return rows;
}

Availability Compute(const std::vector<SalesRow>& rows, AvailabilityOptions o = {}) {
  absl::StatusOr<Availability> a = ComputeAvailability(rows, o);
  REQUIRE(a.ok());
  return *a;
}

TEST_CASE("Availability thresholds at the default horizon", "[engine][availability]") {
  SECTION("120 observed days are ready") {
    Availability a = Compute(ConsecutiveRows(120));
    CHECK(a.status == AvailabilityStatus::kReady);
    CHECK(a.required_days_ready == 100);
    CHECK(a.required_days_limited == 44);
    CHECK(a.recommended_split_config.n_splits == 5);
    CHECK(a.warnings.empty());
    CHECK(a.reason.find("120 observed days") != std::string::npos);
  }
  SECTION("50 observed days are limited") {
    Availability a = Compute(ConsecutiveRows(50));
    CHECK(a.status == AvailabilityStatus::kLimited);
    CHECK(a.recommended_split_config.n_splits == 2);  // (50-30)/14 = 1, clamped to 2.
  }
  SECTION("20 observed days are unusable") {
    Availability a = Compute(ConsecutiveRows(20));
    CHECK(a.status == AvailabilityStatus::kUnusable);
    CHECK(a.reason.find("44") != std::string::npos);
  }
}

TEST_CASE("Availability edges are inclusive", "[engine][availability]") {
  CHECK(Compute(ConsecutiveRows(100)).status == AvailabilityStatus::kReady);
  CHECK(Compute(ConsecutiveRows(99)).status == AvailabilityStatus::kLimited);
  CHECK(Compute(ConsecutiveRows(44)).status == AvailabilityStatus::kLimited);
  CHECK(Compute(ConsecutiveRows(43)).status == AvailabilityStatus::kUnusable);
}

TEST_CASE("Availability counts days and demand", "[engine][availability]") {
  std::vector<SalesRow> rows = ConsecutiveRows(30);
  rows[3].promo_active = true;
  rows[4].promo_active = true;
  rows.push_back({.date = kStart + 3, .quantity = 1.0, .promo_active = true});  // Same day twice.
  Availability a = Compute(rows);
  REQUIRE(a.first_date == kStart);
  REQUIRE(a.last_date == kStart + 29);
  CHECK(a.observed_days == 30);
  CHECK(a.expected_calendar_days == 30);
  CHECK(a.coverage_ratio == 1.0);
  CHECK(a.missing_days == 0);
  CHECK(a.zero_sale_days == 3);  // Days 0, 10, 20.
  CHECK(a.promotion_days == 2);
  CHECK_THAT(a.average_daily_demand, Catch::Matchers::WithinRel((27 * 2.0 + 1.0) / 30, 1e-12));
}

TEST_CASE("Availability warns about low coverage", "[engine][availability]") {
  std::vector<SalesRow> rows;
  for (int i = 0; i < 120; ++i) rows.push_back({.date = kStart + 2 * i, .quantity = 1.0});
  Availability a = Compute(rows);
  CHECK(a.expected_calendar_days == 239);
  CHECK(a.missing_days == 119);
  CHECK(a.status == AvailabilityStatus::kLimited);  // Enough days, but coverage ~0.5.
  REQUIRE(a.warnings.size() == 1);
  CHECK(a.warnings[0].find("50.2%") != std::string::npos);

  SECTION("no coverage warning when unusable") {
    rows.resize(10);
    CHECK(Compute(rows).warnings.empty());
  }
}

TEST_CASE("Availability of an empty series", "[engine][availability]") {
  Availability a = Compute({});
  CHECK_FALSE(a.first_date.has_value());
  CHECK_FALSE(a.last_date.has_value());
  CHECK(a.observed_days == 0);
  CHECK(a.expected_calendar_days == 0);
  CHECK(a.coverage_ratio == 0.0);
  CHECK(a.average_daily_demand == 0.0);
  CHECK(a.status == AvailabilityStatus::kUnusable);
  CHECK(a.warnings.empty());
  CHECK(a.recommended_split_config.n_splits == 2);
}

TEST_CASE("Availability without derivable promotions", "[engine][availability]") {
  Availability a = Compute(ConsecutiveRows(120), {.promotions_derivable = false});
  CHECK_FALSE(a.promotion_days.has_value());
  REQUIRE(a.warnings.size() == 1);
  CHECK(a.warnings[0].find("Promotion") != std::string::npos);
}

TEST_CASE("Availability uses the request's split numbers", "[engine][availability]") {
  AvailabilityOptions o{.forecast_horizon = 7, .n_splits = 3, .min_train_size = 14};
  CHECK(Compute(ConsecutiveRows(35), o).status == AvailabilityStatus::kReady);
  CHECK(Compute(ConsecutiveRows(34), o).status == AvailabilityStatus::kLimited);
  CHECK(Compute(ConsecutiveRows(200), o).recommended_split_config.n_splits == 5);
  CHECK(Compute(ConsecutiveRows(200), o).recommended_split_config.horizon == 7);
}

TEST_CASE("Availability rejects bad input", "[engine][availability]") {
  CHECK(ComputeAvailability({}, {.forecast_horizon = 0}).status().code() ==
        absl::StatusCode::kInvalidArgument);
  std::vector<SalesRow> rows = {{.date = kStart, .quantity = -1.0}};
  CHECK(ComputeAvailability(rows, {}).status().code() == absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace champion::engine
