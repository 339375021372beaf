#include "engine/selection/confidence.h"

#include <catch2/catch.hpp>

namespace champion::engine {
namespace {

Ranking TwoWay(double winner_wape, double second_wape, double winner_bias = 0.0) {
  std::vector<RankingCandidate> c(2);
  c[0].model_type = "a";
  c[1].model_type = "b";
  for (RankingCandidate& x : c) {
    x.metrics[Metric::kSmape].value = 10;
    x.metrics[Metric::kMae].value = 1;
    x.metrics.sample_size = 70;
  }
  c[0].metrics[Metric::kWape].value = winner_wape;
  c[0].metrics[Metric::kBias].value = winner_bias;
  c[1].metrics[Metric::kWape].value = second_wape;
  return RankCandidates(c, RankingMetric::kWape, {});
}

ConfidenceLevel Level(const Ranking& r, AvailabilityStatus a = AvailabilityStatus::kReady,
                      RankingPolicy p = {}) {
  return AssessConfidence(r, a, p, std::nullopt).level;
}

TEST_CASE("Confidence rules in order", "[engine][confidence]") {
  SECTION("no valid candidate") {
    Confidence c = AssessConfidence(Ranking{}, AvailabilityStatus::kReady, {}, std::nullopt);
    CHECK(c.level == ConfidenceLevel::kLow);
    CHECK(c.reasons == std::vector<std::string>{"no candidate produced a valid backtest"});
  }
  SECTION("one valid candidate") {
    std::vector<RankingCandidate> one(1);
    one[0].model_type = "a";
    Confidence c = AssessConfidence(RankCandidates(one, RankingMetric::kWape, {}),
                                    AvailabilityStatus::kReady, {}, std::nullopt);
    CHECK(c.level == ConfidenceLevel::kLow);
    CHECK_FALSE(c.lead.has_value());
  }
  SECTION("limited availability beats a big lead") {
    CHECK(Level(TwoWay(5, 10), AvailabilityStatus::kLimited) == ConfidenceLevel::kLow);
  }
  SECTION("bias above the policy") {
    CHECK(Level(TwoWay(5, 10, -3), AvailabilityStatus::kReady, {.max_acceptable_abs_bias = 2}) ==
          ConfidenceLevel::kLow);
    CHECK(Level(TwoWay(5, 10, -2), AvailabilityStatus::kReady, {.max_acceptable_abs_bias = 2}) ==
          ConfidenceLevel::kHigh);
  }
  SECTION("near tie, medium and high") {
    CHECK(Level(TwoWay(9.9, 10)) == ConfidenceLevel::kLow);      // lead 1%
    CHECK(Level(TwoWay(9.75, 10)) == ConfidenceLevel::kMedium);  // lead 2.5%
    CHECK(Level(TwoWay(9.5, 10)) == ConfidenceLevel::kMedium);
    CHECK(Level(TwoWay(9.0, 10)) == ConfidenceLevel::kHigh);  // lead exactly 10%
    CHECK(Level(TwoWay(9.5, 10), AvailabilityStatus::kReady,
                {.high_confidence_rel_improvement = 0.05}) == ConfidenceLevel::kHigh);
  }
  SECTION("runner-up wape <= 0 gives lead 0") {
    Confidence c = AssessConfidence(TwoWay(0, 0), AvailabilityStatus::kReady, {}, std::nullopt);
    CHECK(c.lead == 0.0);
    CHECK(c.level == ConfidenceLevel::kLow);
  }
}

TEST_CASE("Significance adds a reason but never changes the level", "[engine][confidence]") {
  Confidence c = AssessConfidence(TwoWay(5, 10), AvailabilityStatus::kReady, {},
                                  Significance{.statistic = -0.5, .p_value = 0.6});
  CHECK(c.level == ConfidenceLevel::kHigh);
  REQUIRE(c.reasons.size() == 2);
  CHECK(c.reasons[0] == "The winner leads the runner-up by 50.0% on WAPE.");
  CHECK(c.reasons[1].find("not statistically significant (p = 0.6)") != std::string::npos);
}

}  // namespace
}  // namespace champion::engine
