// Tests of the intermittent-demand family beyond classic Croston: the shared kernel
// (intermittent_kernel), croston's optimized variant, adida and imapa.

#include <catch2/catch.hpp>

#include "engine/kernels/intermittent_kernel.h"
#include "engine/models/model_test_util.h"

namespace champion::engine {
namespace {

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using testing::FitForecast;
using V = std::vector<double>;

// Simple exponential smoothing's one-step forecast from x[0] at a fixed alpha, by hand.
double SesForecast(const V& x, double alpha) {
  double level = x[0];
  for (double v : x) level = alpha * v + (1 - alpha) * level;
  return level;
}

// 6 units every third day (days 3, 6, 9, ...), `cycles` times.
V EveryThirdDay(int cycles) {
  V y;
  for (int i = 0; i < cycles; ++i) y.insert(y.end(), {0, 0, 6});
  return y;
}

TEST_CASE("Demand sizes, intervals and buckets", "[engine][models][intermittent]") {
  const V y = {0, 4, 0, 0, 6, 0, 1};
  CHECK(intermittent::DemandSizes(y) == V{4, 6, 1});
  CHECK(intermittent::DemandIntervals(y) == V{2, 3, 2});
  CHECK(intermittent::DemandIntervals(V{5, 5}) == V{1, 1});
  CHECK(intermittent::DemandIntervals(V{0, 0}).empty());
  // The newest bucket ends on the last day; the oldest 7 % 3 = 1 day is left out.
  CHECK(intermittent::BucketSums(y, 3) == V{4, 7});
  CHECK(intermittent::BucketSums(y, 1) == y);
  CHECK(intermittent::BucketSums(y, 8).empty());
  CHECK(intermittent::AggregationLevel(y) == 2);  // mean interval 7/3
  CHECK(intermittent::AggregationLevel(V{0, 0, 0}) == 0);
  CHECK(intermittent::AggregationLevel(V{0, 0, 0, 0, 0, 0, 0, 0, 0, 3}) == 10);
}

TEST_CASE("Optimized SES keeps alpha within [0.1, 0.3]", "[engine][models][intermittent]") {
  // A rising line wants the largest alpha allowed; a constant gives itself back.
  V line;
  for (int i = 0; i < 40; ++i) line.push_back(i);
  CHECK_THAT(*intermittent::OptimizedSesForecast(line, NeverCancelled()),
             WithinRel(SesForecast(line, 0.3), 1e-6));
  CHECK_THAT(*intermittent::OptimizedSesForecast(V(10, 4.0), NeverCancelled()),
             WithinAbs(4.0, 1e-12));
  // Alternating noise around a level wants the smallest.
  V noise;
  for (int i = 0; i < 40; ++i) noise.push_back(i % 2 == 0 ? 9 : 11);
  CHECK_THAT(*intermittent::OptimizedSesForecast(noise, NeverCancelled()),
             WithinRel(SesForecast(noise, 0.1), 1e-6));
  CHECK(*intermittent::OptimizedSesForecast(V{7}, NeverCancelled()) == 7);
  CancelToken cancelled;
  cancelled.Cancel();
  CHECK(intermittent::OptimizedSesForecast(line, cancelled).status().code() ==
        absl::StatusCode::kCancelled);
}

TEST_CASE("Regular intermittent demand is forecast at its daily rate",
          "[engine][models][intermittent]") {
  // 6 every third day is 2 a day: croston's optimized variant (sizes 6, intervals 3) and
  // adida (buckets of 3 days, each summing to 6) both say exactly that, whatever their alpha.
  for (int cycles : {10, 11}) {
    V y = EveryThirdDay(cycles);
    y.push_back(0);  // a remainder day adida leaves out
    CHECK_THAT(FitForecast("croston", {{"variant", std::string("optimized")}}, y, 2)->at(1),
               WithinRel(2.0, 1e-12));
    CHECK(*FitForecast("adida", {}, y, 3) == V(3, FitForecast("adida", {}, y, 1)->at(0)));
    CHECK_THAT(FitForecast("adida", {}, y, 1)->at(0), WithinRel(2.0, 1e-12));
  }
  // imapa averages the daily rates of 1-, 2- and 3-day buckets: the 3-day one is exactly 2,
  // the shorter ones see the pattern through their aggregation and stay near it.
  const double imapa = FitForecast("imapa", {}, EveryThirdDay(20), 1)->at(0);
  CHECK_THAT(imapa, WithinAbs(2.0, 0.5));
  CHECK(imapa != 2.0);
}

TEST_CASE("With sales every day, adida and imapa are optimized SES",
          "[engine][models][intermittent]") {
  const V y = {3, 5, 4, 6, 5, 7, 6, 8, 7, 9};
  const double ses = *intermittent::OptimizedSesForecast(y, NeverCancelled());
  CHECK_THAT(FitForecast("adida", {}, y, 1)->at(0), WithinRel(ses, 1e-12));
  CHECK_THAT(FitForecast("imapa", {}, y, 1)->at(0), WithinRel(ses, 1e-12));
}

TEST_CASE("No demand at all forecasts zero", "[engine][models][intermittent]") {
  for (const char* type : {"adida", "imapa"}) {
    INFO(type);
    CHECK(*FitForecast(type, {}, V(9, 0.0), 2) == V{0, 0});
    CHECK(FitForecast(type, {}, V{}, 1).status().code() == absl::StatusCode::kInvalidArgument);
  }
  CHECK(*FitForecast("croston", {{"variant", std::string("optimized")}}, V(4, 0.0), 1) == V{0});
}

TEST_CASE("imapa stops when cancelled", "[engine][models][intermittent][cancel]") {
  absl::StatusOr<Params> params = ValidateParams("imapa", {});
  REQUIRE(params.ok());
  std::unique_ptr<Forecaster> model = *CreateForecaster("imapa", *params);
  const V y = EveryThirdDay(30);
  const std::vector<absl::CivilDay> days = testing::Days(static_cast<int>(y.size()));
  CancelToken cancelled;
  cancelled.Cancel();
  CHECK(model->Fit({.y = y, .dates = days}, cancelled).code() == absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace champion::engine
