// Tests of the baseline models: naive, seasonal_naive, moving_average,
// weighted_moving_average, seasonal_average (one SECTION group per model file).

#include <catch2/catch.hpp>

#include "engine/models/model_test_util.h"

namespace champion::engine {
namespace {

using testing::FitForecast;
using V = std::vector<double>;
using Catch::Matchers::WithinAbs;

TEST_CASE("naive repeats the last value", "[engine][models][naive]") {
  CHECK(*FitForecast("naive", {}, V{1, 2, 5}, 3) == V{5, 5, 5});
  CHECK(FitForecast("naive", {}, V{}, 3).status().message() ==
        "naive needs at least 1 points, got 0");
}

TEST_CASE("seasonal_naive repeats the last season", "[engine][models][seasonal_naive]") {
  const V y = {9, 9, 1, 2, 3};
  CHECK(*FitForecast("seasonal_naive", {{"season_length", 3.0}}, y, 7) == V{1, 2, 3, 1, 2, 3, 1});
  CHECK(*FitForecast("seasonal_naive", {{"season_length", 1.0}}, y, 2) == V{3, 3});
  CHECK(FitForecast("seasonal_naive", {{"season_length", 7.0}}, y, 2).status().message() ==
        "seasonal_naive needs at least 7 points (one season of 7), got 5");
}

TEST_CASE("moving_average is flat at the window mean", "[engine][models][moving_average]") {
  CHECK(*FitForecast("moving_average", {{"window_size", 2.0}}, V{1, 2, 4, 6}, 2) == V{5, 5});
  CHECK(*FitForecast("moving_average", {{"window_size", 9.0}}, V{1, 2, 3}, 1) == V{2});
}

TEST_CASE("weighted_moving_average weights the newest most",
          "[engine][models][weighted_moving_average]") {
  SECTION("linear") {
    // weights 1, 2, 3 on 3, 6, 9 -> (3 + 12 + 27) / 6 = 7
    CHECK(*FitForecast("weighted_moving_average", {{"window_size", 3.0}}, V{100, 3, 6, 9}, 2) ==
          V{7, 7});
  }
  SECTION("exponential") {
    // weights 0.25, 0.5, 1 on 4, 8, 16 -> (1 + 4 + 16) / 1.75 = 12
    const V f = *FitForecast(
        "weighted_moving_average",
        {{"window_size", 3.0}, {"weight_strategy", std::string("exponential")}, {"decay", 0.5}},
        V{4, 8, 16}, 1);
    CHECK_THAT(f[0], WithinAbs(12.0, 1e-12));
  }
}

TEST_CASE("seasonal_average averages the same season position",
          "[engine][models][seasonal_average]") {
  // Season 2, positions alternate: even indices 10 + k, odd indices 0.
  const V y = {10, 0, 11, 0, 12, 0, 13, 0};
  const Params p = {{"season_length", 2.0}, {"lookback_cycles", 3.0}};
  // Step 1 is an even position: values 13, 12, 11 -> 12. Step 2: odd -> 0.
  // Step 3 (> S): k=1 does not exist, k=2,3 -> 13, 12 -> 12.5.
  const V f = *FitForecast("seasonal_average", p, y, 3);
  CHECK(f == V{12, 0, 12.5});
  SECTION("falls back to the season position past K seasons") {
    const V far = *FitForecast("seasonal_average", p, y, 8);
    CHECK(far[6] == 12.0);  // j = 7 > K*S = 6 -> position 1.
  }
  SECTION("trims min and max with at least 4 samples") {
    const V t = *FitForecast(
        "seasonal_average",
        {{"season_length", 2.0}, {"lookback_cycles", 4.0}, {"trim_outliers", true}}, y, 1);
    CHECK(t == V{11.5});  // 10, 11, 12, 13 -> 11, 12.
  }
  CHECK_FALSE(FitForecast("seasonal_average", p, V{1, 2, 3}, 1).ok());
}

TEST_CASE("Catalog availability matches the forecaster registry", "[engine][models]") {
  for (const ModelInfo& info : ModelCatalog()) {
    if (info.family == ModelFamily::kEnsemble) continue;
    INFO(info.model_type);
    CHECK(CreateForecaster(info.model_type, info.default_params).ok() == info.available);
  }
}

}  // namespace
}  // namespace champion::engine
