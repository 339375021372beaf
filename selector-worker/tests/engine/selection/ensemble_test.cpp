#include "engine/selection/ensemble.h"

#include <algorithm>
#include <catch2/catch.hpp>

namespace champion::engine {
namespace {

using Catch::Matchers::WithinAbs;

Series Weekly(int n) {
  Series s;
  for (int i = 0; i < n; ++i) {
    s.dates.push_back(absl::CivilDay(2024, 1, 1) + i);
    s.values.push_back(20.0 + 0.1 * i + (i % 7 >= 5 ? 8.0 : 0.0));
    s.unit_prices.push_back(std::nullopt);
    s.promo_active.push_back(false);
    s.is_holiday.push_back(false);
    s.imputed.push_back(false);
  }
  return s;
}

std::vector<CandidateBacktest> Backtests(const Series& s, std::vector<std::string> types) {
  std::vector<CandidateBacktest> out;
  for (std::string& t : types) {
    absl::StatusOr<BacktestResult> r = RunBacktest(s, t, {}, {}, NeverCancelled());
    out.push_back({.model_type = std::move(t), .params = {}, .result = std::move(r)});
  }
  return out;
}

TEST_CASE("Ensemble averages explicit members pointwise", "[engine][ensemble]") {
  const Series s = Weekly(120);
  const auto c = Backtests(s, {"naive", "seasonal_naive", "moving_average"});
  const Params p = {{"members", std::vector<std::string>{"seasonal_naive", "naive"}},
                    {"combine", std::string("mean")}};
  absl::StatusOr<BacktestResult> e =
      CombineEnsemble(p, c, s.values, RankingMetric::kWape, RankingPolicy{});
  REQUIRE(e.ok());
  CHECK(e->model_type == "ensemble");
  CHECK(e->params.at("members") == ParamValue(std::vector<std::string>{"seasonal_naive", "naive"}));
  REQUIRE(e->folds.size() == c[0].result->folds.size());
  for (std::size_t f = 0; f < e->folds.size(); ++f) {
    const FoldResult& got = e->folds[f];
    CHECK(got.actuals == c[0].result->folds[f].actuals);
    for (std::size_t i = 0; i < got.predictions.size(); ++i) {
      CHECK(got.predictions[i] ==
            0.5 * (c[0].result->folds[f].predictions[i] + c[1].result->folds[f].predictions[i]));
    }
    const auto train = std::span<const double>(s.values).subspan(
        got.fold.train_begin, got.fold.train_end - got.fold.train_begin);
    const FoldMetrics m = *ComputeFoldMetrics(got.actuals, got.predictions, train);
    CHECK(got.metrics[Metric::kWape] == m[Metric::kWape]);
    CHECK(got.metrics[Metric::kMase] == m[Metric::kMase]);
  }
  CHECK(e->metrics.sample_size == 70);
}

TEST_CASE("Ensemble takes the median of the top_k candidates", "[engine][ensemble]") {
  const Series s = Weekly(120);
  auto c = Backtests(s, {"naive", "seasonal_naive", "moving_average", "ses"});
  c.push_back({.model_type = "ensemble", .params = {}, .result = absl::UnknownError("pending")});
  c.push_back({.model_type = "holt", .params = {}, .result = absl::InternalError("boom")});
  absl::StatusOr<BacktestResult> e =
      CombineEnsemble({{"top_k", 3.0}}, c, s.values, RankingMetric::kWape, RankingPolicy{});
  REQUIRE(e.ok());
  // The three best by WAPE, in rank order; seasonal_naive is exact on the weekly part.
  const auto members = std::get<std::vector<std::string>>(e->params.at("members"));
  REQUIRE(members.size() == 3);
  CHECK(members[0] == "seasonal_naive");
  const FoldResult& f0 = e->folds[0];
  std::vector<double> point;
  for (const CandidateBacktest& x : c) {
    if (x.model_type == members[0] || x.model_type == members[1] || x.model_type == members[2]) {
      point.push_back(x.result->folds[0].predictions[3]);
    }
  }
  std::sort(point.begin(), point.end());
  CHECK(f0.predictions[3] == point[1]);
  SECTION("fewer successes than top_k still combine, but not fewer than 2") {
    std::vector<CandidateBacktest> two;
    two.push_back(std::move(c[0]));
    two.push_back(std::move(c[1]));
    CHECK(CombineEnsemble({{"top_k", 5.0}}, two, s.values, RankingMetric::kWape, {}).ok());
    two[1].result = absl::InternalError("boom");
    CHECK(CombineEnsemble({{"top_k", 5.0}}, two, s.values, RankingMetric::kWape, {})
              .status()
              .message() == "ensemble: needs at least 2 successful candidates to combine, found 1");
  }
}

TEST_CASE("Ensemble failures are the ensemble candidate's", "[engine][ensemble]") {
  const Series s = Weekly(120);
  auto c = Backtests(s, {"naive", "seasonal_naive"});
  const Params both = {{"members", std::vector<std::string>{"naive", "ses"}}};
  CHECK(CombineEnsemble(both, c, s.values, RankingMetric::kWape, {}).status().message() ==
        "ensemble: member 'ses' is not a candidate of this run");
  c[0].result = absl::InvalidArgumentError("naive: oops");
  const Params p = {{"members", std::vector<std::string>{"naive", "seasonal_naive"}}};
  CHECK(CombineEnsemble(p, c, s.values, RankingMetric::kWape, {}).status().message() ==
        "ensemble: member 'naive' failed: naive: oops");
  CHECK_FALSE(CombineEnsemble({{"top_k", 1.0}}, c, s.values, RankingMetric::kWape, {}).ok());
  CHECK_FALSE(
      CombineEnsemble({{"combine", std::string("max")}}, c, s.values, RankingMetric::kWape, {})
          .ok());
  SECTION("members on different folds") {
    auto d = Backtests(s, {"naive"});
    BacktestOptions o;
    o.split.n_splits = 3;
    d.push_back({.model_type = "ses",
                 .params = {},
                 .result = RunBacktest(s, "ses", {}, o, NeverCancelled())});
    CHECK(CombineEnsemble({{"members", std::vector<std::string>{"naive", "ses"}}}, d, s.values,
                          RankingMetric::kWape, {})
              .status()
              .message() ==
          "ensemble: members 'naive' and 'ses' were backtested on different "
          "folds");
  }
}

TEST_CASE("CombineEnsembles fills in every ensemble candidate", "[engine][ensemble]") {
  const Series s = Weekly(120);
  auto c = Backtests(s, {"naive", "seasonal_naive", "ensemble"});
  CHECK_FALSE(c[2].result.ok());  // RunBacktest refuses ensembles.
  c[2].params = {{"combine", std::string("mean")}};
  CombineEnsembles(c, s.values, RankingMetric::kWape, {});
  REQUIRE(c[2].result.ok());
  CHECK_THAT(
      c[2].result->folds[0].predictions[0],
      WithinAbs(0.5 * (c[0].result->folds[0].predictions[0] + c[1].result->folds[0].predictions[0]),
                1e-12));
}

}  // namespace
}  // namespace champion::engine
