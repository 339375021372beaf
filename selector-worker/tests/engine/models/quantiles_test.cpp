#include "engine/models/quantiles.h"

#include <catch2/catch.hpp>
#include <vector>

namespace champion::engine {
namespace {

using Catch::Matchers::WithinAbs;
using V = std::vector<double>;

TEST_CASE("Quantile levels must increase within (0, 1)", "[engine][quantiles]") {
  CHECK(CheckQuantileLevels(V{0.1, 0.5, 0.9}).ok());
  for (const V& bad : {V{}, V{0.0}, V{1.0}, V{0.5, 0.5}, V{0.9, 0.1}}) {
    CHECK(CheckQuantileLevels(bad).code() == absl::StatusCode::kInvalidArgument);
  }
}

TEST_CASE("Normal quantiles are mean + z sd, floored at zero", "[engine][quantiles]") {
  const ForecastQuantiles q = NormalQuantiles(V{10, 1}, V{2, 2}, V{0.1, 0.5, 0.975});
  CHECK(q.levels == V{0.1, 0.5, 0.975});
  CHECK_THAT(q.values[0][0], WithinAbs(10 - 1.2815515655446004 * 2, 1e-9));
  CHECK_THAT(q.values[1][0], WithinAbs(10, 1e-12));
  CHECK_THAT(q.values[2][0], WithinAbs(10 + 1.959963984540054 * 2, 1e-9));
  CHECK(q.values[0][1] == 0.0);  // 1 - 2.56 is below zero demand.
}

TEST_CASE("Sample quantiles interpolate as R's type 7", "[engine][quantiles]") {
  const V sorted = {1, 2, 3, 4};
  CHECK(SampleQuantile(sorted, 0.5) == 2.5);  // quantile(1:4, 0.5)
  CHECK_THAT(SampleQuantile(sorted, 0.1), WithinAbs(1.3, 1e-12));
  CHECK(SampleQuantile(V{7}, 0.9) == 7.0);
}

}  // namespace
}  // namespace champion::engine
