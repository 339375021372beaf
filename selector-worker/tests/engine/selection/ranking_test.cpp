#include "engine/selection/ranking.h"

#include <catch2/catch.hpp>
#include <limits>

namespace champion::engine {
namespace {

RankingCandidate Candidate(std::string type, double wape, double smape = 10, double bias = 0,
                           double mae = 1, int sample_size = 70) {
  RankingCandidate c;
  c.model_type = std::move(type);
  c.metrics[Metric::kWape].value = wape;
  c.metrics[Metric::kSmape].value = smape;
  c.metrics[Metric::kBias].value = bias;
  c.metrics[Metric::kMae].value = mae;
  c.metrics[Metric::kRmse].value = mae * 1.5;
  c.metrics[Metric::kMase].value = mae / 2;
  c.metrics.sample_size = sample_size;
  return c;
}

std::vector<std::string> Order(const Ranking& r) {
  std::vector<std::string> out;
  for (const RankingEntry& e : r.entries) out.push_back(e.model_type);
  return out;
}

TEST_CASE("Ranking sorts by the ranking metric", "[engine][ranking]") {
  std::vector<RankingCandidate> c = {Candidate("naive", 30), Candidate("ses", 10),
                                     Candidate("theta", 20)};
  Ranking r = RankCandidates(c, RankingMetric::kWape, {});
  CHECK(Order(r) == std::vector<std::string>{"ses", "theta", "naive"});
  CHECK(r.entries[0].rank == 1);
  CHECK(r.entries[2].rank == 3);
  CHECK(r.entries[0].input_index == 1);
  CHECK(r.Winner()->model_type == "ses");
  CHECK(r.RunnerUp()->model_type == "theta");
  CHECK((*r.entries[0].metrics)[Metric::kRmse] == 1.5);
}

TEST_CASE("Ranking by bias uses the absolute value", "[engine][ranking]") {
  std::vector<RankingCandidate> c = {Candidate("a", 10, 10, -5), Candidate("b", 20, 10, 2)};
  CHECK(Order(RankCandidates(c, RankingMetric::kBias, {})) == std::vector<std::string>{"b", "a"});
}

TEST_CASE("Ranking tie-break chain", "[engine][ranking]") {
  SECTION("wape tie -> smape") {
    std::vector<RankingCandidate> c = {Candidate("a", 10, 12), Candidate("b", 10, 11)};
    CHECK(Order(RankCandidates(c, RankingMetric::kWape, {})) == std::vector<std::string>{"b", "a"});
  }
  SECTION("wape, smape tie -> |bias|") {
    std::vector<RankingCandidate> c = {Candidate("a", 10, 10, -3), Candidate("b", 10, 10, 2)};
    CHECK(Order(RankCandidates(c, RankingMetric::kWape, {})) == std::vector<std::string>{"b", "a"});
  }
  SECTION("-> mae") {
    std::vector<RankingCandidate> c = {Candidate("a", 10, 10, 1, 5), Candidate("b", 10, 10, 1, 4)};
    CHECK(Order(RankCandidates(c, RankingMetric::kWape, {})) == std::vector<std::string>{"b", "a"});
  }
  SECTION("ranking by smape skips smape in the chain and uses wape first") {
    std::vector<RankingCandidate> c = {Candidate("a", 12, 10), Candidate("b", 11, 10)};
    CHECK(Order(RankCandidates(c, RankingMetric::kSmape, {})) ==
          std::vector<std::string>{"b", "a"});
  }
  SECTION("full tie -> model_type, then input order") {
    std::vector<RankingCandidate> c = {Candidate("theta", 10), Candidate("ses", 10),
                                       Candidate("ses", 10)};
    Ranking r = RankCandidates(c, RankingMetric::kWape, {});
    CHECK(Order(r) == std::vector<std::string>{"ses", "ses", "theta"});
    CHECK(r.entries[0].input_index == 1);
    CHECK(r.entries[1].input_index == 2);
  }
}

TEST_CASE("Ranking exclusions keep input order after the ranked", "[engine][ranking]") {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<RankingCandidate> c = {
      Candidate("failed", 1), Candidate("inf_wape", inf), Candidate("ok", 10),
      Candidate("small", 5, 10, 0, 1, 10),
      Candidate("nan_bias", 3, 10, std::numeric_limits<double>::quiet_NaN())};
  c[0].status = absl::InvalidArgumentError("moving_average: param 'window_size' ...");
  Ranking r = RankCandidates(c, RankingMetric::kWape, {.minimum_sample_size = 14});
  CHECK(Order(r) == std::vector<std::string>{"ok", "failed", "inf_wape", "small", "nan_bias"});
  CHECK(r.IncludedCount() == 1);
  CHECK(r.entries[1].exclusion_reason == "moving_average: param 'window_size' ...");
  CHECK(r.entries[2].exclusion_reason == "missing or non-finite primary metric");
  CHECK(r.entries[3].exclusion_reason == "sample_size 10 is below minimum_sample_size 14");
  CHECK(r.entries[4].exclusion_reason == "missing or non-finite primary metric");
  for (std::size_t i = 1; i < r.entries.size(); ++i) {
    CHECK_FALSE(r.entries[i].rank.has_value());
    CHECK_FALSE(r.entries[i].included);
    CHECK_FALSE(r.entries[i].metrics.has_value());
  }
  CHECK(r.RunnerUp() == nullptr);
}

TEST_CASE("Ranking by mase excludes a NaN mase", "[engine][ranking]") {
  std::vector<RankingCandidate> c = {Candidate("a", 10), Candidate("b", 20)};
  c[0].metrics[Metric::kMase].value = std::numeric_limits<double>::quiet_NaN();
  Ranking r = RankCandidates(c, RankingMetric::kMase, {});
  CHECK(Order(r) == std::vector<std::string>{"b", "a"});
  CHECK_FALSE(r.entries[1].included);
}

TEST_CASE("Ranking with every candidate failed", "[engine][ranking]") {
  std::vector<RankingCandidate> c = {Candidate("a", 10)};
  c[0].status = absl::CancelledError("cancelled");
  Ranking r = RankCandidates(c, RankingMetric::kWape, {});
  CHECK(r.Winner() == nullptr);
  CHECK(r.entries.size() == 1);
}

TEST_CASE("Ranking metric and policy parsing", "[engine][ranking]") {
  CHECK(ParseRankingMetric("rmse").value() == RankingMetric::kRmse);
  CHECK_FALSE(ParseRankingMetric("mape").ok());
  CHECK(ValidateRankingPolicy({}).ok());
  CHECK_FALSE(ValidateRankingPolicy({.minimum_sample_size = -1}).ok());
  CHECK_FALSE(ValidateRankingPolicy({.high_confidence_rel_improvement = 1.5}).ok());
  CHECK_FALSE(ValidateRankingPolicy({.max_acceptable_abs_bias = -1}).ok());
}

}  // namespace
}  // namespace champion::engine
