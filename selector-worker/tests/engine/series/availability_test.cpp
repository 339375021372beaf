#include "engine/series/availability.h"

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

TEST_CASE("Demand classes follow Syntetos-Boylan", "[engine][availability][demand]") {
  using V = std::vector<double>;
  SECTION("smooth: sales every day, steady sizes") {
    const DemandClass c = ClassifyDemand(V{4, 5, 6, 5});
    CHECK(c.pattern == DemandPattern::kSmooth);
    CHECK(*c.adi == 1.0);
    CHECK_THAT(*c.cv2, Catch::Matchers::WithinRel(0.5 / 25.0, 1e-12));  // var 0.5, mean 5
  }
  SECTION("erratic: sales most days, sizes vary") {
    const DemandClass c = ClassifyDemand(V{1, 9, 1, 9, 0});
    CHECK(c.pattern == DemandPattern::kErratic);
    CHECK(*c.adi == 1.25);
    CHECK_THAT(*c.cv2, Catch::Matchers::WithinRel(16.0 / 25.0, 1e-12));
  }
  SECTION("intermittent: few sale days, steady sizes") {
    const DemandClass c = ClassifyDemand(V{0, 2, 0, 0, 2, 0, 3, 0});
    CHECK(c.pattern == DemandPattern::kIntermittent);
    CHECK_THAT(*c.adi, Catch::Matchers::WithinRel(8.0 / 3.0, 1e-12));
    CHECK_THAT(*c.cv2, Catch::Matchers::WithinRel((2.0 / 9.0) / (49.0 / 9.0), 1e-12));
  }
  SECTION("lumpy: few sale days, sizes vary") {
    const DemandClass c = ClassifyDemand(V{0, 1, 0, 0, 9, 0});
    CHECK(c.pattern == DemandPattern::kLumpy);
    CHECK(*c.adi == 3.0);
    CHECK_THAT(*c.cv2, Catch::Matchers::WithinRel(16.0 / 25.0, 1e-12));
  }
  SECTION("the cut-offs belong to the sparse and variable sides") {
    // ADI exactly 1.32 would need 33 days over 25 with sales: intermittent, not smooth.
    V days(33, 0.0);
    for (int i = 0; i < 25; ++i) days[i] = 3.0;
    CHECK(ClassifyDemand(days).pattern == DemandPattern::kIntermittent);
  }
  SECTION("one sale day has no spread") {
    const DemandClass c = ClassifyDemand(V{0, 0, 7, 0});
    CHECK(c.pattern == DemandPattern::kIntermittent);
    CHECK(*c.cv2 == 0.0);
  }
  SECTION("no sale at all") {
    const DemandClass c = ClassifyDemand(V{0, 0, 0});
    CHECK(c.pattern == DemandPattern::kNoDemand);
    CHECK_FALSE(c.adi.has_value());
    CHECK_FALSE(c.cv2.has_value());
    CHECK(ClassifyDemand(V{}).pattern == DemandPattern::kNoDemand);
  }
  for (DemandPattern p :
       {DemandPattern::kSmooth, DemandPattern::kErratic, DemandPattern::kIntermittent,
        DemandPattern::kLumpy, DemandPattern::kNoDemand}) {
    CHECK(ParseDemandPattern(DemandPatternName(p)) == p);
  }
  CHECK_FALSE(ParseDemandPattern("sporadic").has_value());
}

TEST_CASE("Availability classifies demand over the observed days and warns when it is sparse",
          "[engine][availability][demand]") {
  SECTION("a steady seller: smooth, no warning") {
    Availability a = Compute(ConsecutiveRows(120));
    REQUIRE(a.demand.has_value());
    CHECK(a.demand->pattern == DemandPattern::kSmooth);
    CHECK_THAT(*a.demand->adi, Catch::Matchers::WithinRel(120.0 / 108.0, 1e-12));
    CHECK(a.warnings.empty());
  }
  SECTION("a slow mover: intermittent, one warning with the figures") {
    std::vector<SalesRow> rows;
    for (int i = 0; i < 120; ++i) rows.push_back({.date = kStart + i, .quantity = 0.0});
    for (int i = 0; i < 120; i += 4) rows.push_back({.date = kStart + i, .quantity = 2.0});
    Availability a = Compute(rows);  // Rows sharing a date are one day: 30 of 120 sold.
    REQUIRE(a.demand.has_value());
    CHECK(a.demand->pattern == DemandPattern::kIntermittent);
    CHECK(*a.demand->adi == 4.0);
    CHECK(*a.demand->cv2 == 0.0);
    REQUIRE(a.warnings.size() == 1);
    CHECK(a.warnings[0] ==
          "Demand is intermittent (ADI 4.00, CV² 0.00): most days have no sales, so WAPE and "
          "other percentage errors are fragile here (a test window without sales has none); "
          "MASE or MAE compare models more reliably.");
  }
  SECTION("no rows: no demand, no warning") {
    Availability a = Compute({});
    CHECK(a.demand->pattern == DemandPattern::kNoDemand);
    CHECK(a.warnings.empty());
  }
}

TEST_CASE("Availability rejects bad input", "[engine][availability]") {
  CHECK(ComputeAvailability({}, {.forecast_horizon = 0}).status().code() ==
        absl::StatusCode::kInvalidArgument);
  std::vector<SalesRow> rows = {{.date = kStart, .quantity = -1.0}};
  CHECK(ComputeAvailability(rows, {}).status().code() == absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace champion::engine
