// Tests of the exponential-smoothing family and friends: ses, holt, holt_winters, theta,
// croston (one TEST_CASE group per model file).

#include <catch2/catch.hpp>
#include <cmath>

#include "engine/kernels/exponential_smoothing.h"
#include "engine/models/model_test_util.h"

namespace champion::engine {
namespace {

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using testing::FitForecast;
using V = std::vector<double>;

V Line(int n, double a, double b) {
  V y;
  for (int i = 0; i < n; ++i) y.push_back(a + b * i);
  return y;
}

V SeasonalLine(int n) {  // Trend plus a weekly pattern, strictly positive.
  const double pattern[7] = {0, 1, 2, 3, 2, 8, 9};
  V y;
  for (int i = 0; i < n; ++i) y.push_back(20 + 0.1 * i + pattern[i % 7]);
  return y;
}

TEST_CASE("ses on a constant series is that constant", "[engine][models][ses]") {
  const V f = *FitForecast("ses", {}, V(30, 5.0), 3);
  for (double v : f) CHECK_THAT(v, WithinAbs(5.0, 1e-6));
}

TEST_CASE("ses tracks a level shift", "[engine][models][ses]") {
  V y(20, 2.0);
  for (int i = 0; i < 20; ++i) y.push_back(10.0);
  const V f = *FitForecast("ses", {}, y, 1);
  CHECK_THAT(f[0], WithinAbs(10.0, 0.05));
}

TEST_CASE("holt extends a linear trend", "[engine][models][holt]") {
  const V f = *FitForecast("holt", {}, Line(40, 3, 0.5), 5);
  for (int h = 0; h < 5; ++h) CHECK_THAT(f[h], WithinAbs(3 + 0.5 * (40 + h), 1e-3));
  SECTION("damped flattens the trend") {
    const V d = *FitForecast("holt", {{"damped", true}}, Line(40, 3, 0.5), 30);
    CHECK(d[29] - d[28] < 0.5 * 0.98);
    CHECK(d[29] < 3 + 0.5 * 69);
  }
  SECTION("a series too short for the likelihood fit still gets a trend") {
    const V f = *FitForecast("holt", {}, Line(4, 3, 0.5), 2);
    CHECK_THAT(f[0], WithinAbs(3 + 0.5 * 4, 1e-3));
    CHECK_THAT(f[1], WithinAbs(3 + 0.5 * 5, 1e-3));
  }
}

TEST_CASE("holt_winters recovers trend plus season", "[engine][models][holt_winters]") {
  const V y = SeasonalLine(84);
  const V expected = SeasonalLine(98);
  for (const char* kind : {"additive", "multiplicative"}) {
    INFO(kind);
    const V f = *FitForecast("holt_winters", {{"seasonal", std::string(kind)}}, y, 14);
    for (int h = 0; h < 14; ++h) CHECK_THAT(f[h], WithinAbs(expected[84 + h], 1.0));
  }
  CHECK(FitForecast("holt_winters", {}, V(10, 1.0), 1).status().message() ==
        "exponential smoothing needs at least 14 points, got 10");
  V with_zero = y;
  with_zero[3] = 0;
  CHECK_FALSE(
      FitForecast("holt_winters", {{"seasonal", std::string("multiplicative")}}, with_zero, 1)
          .ok());
}

TEST_CASE("theta on a linear trend", "[engine][models][theta]") {
  // SES on a line lags it; theta adds half the slope as drift, so forecasts keep rising.
  const V f = *FitForecast("theta", {{"season_length", 1.0}}, Line(50, 10, 1), 3);
  CHECK(f[1] - f[0] == Approx(0.5).margin(1e-6));
  CHECK(f[0] > 50);
}

TEST_CASE("theta adjusts detected seasonality", "[engine][models][theta]") {
  const V y = SeasonalLine(84);
  const V f = *FitForecast("theta", {}, y, 7);
  // The weekly peak (positions 5, 6) must show up in the forecast.
  const int peak = static_cast<int>(std::max_element(f.begin(), f.end()) - f.begin());
  CHECK((84 + peak) % 7 >= 5);
}

TEST_CASE("croston variants by hand", "[engine][models][croston]") {
  // Demands 4 at t=1 (interval 2) and 6 at t=4 (interval 3).
  const V y = {0, 4, 0, 0, 6, 0};
  // z = 4 + 0.1 * 2 = 4.2; p = 2 + 0.1 * (3 - 2) = 2.1.
  CHECK_THAT(FitForecast("croston", {{"variant", std::string("classic")}}, y, 1)->at(0),
             WithinRel(4.2 / 2.1, 1e-12));
  CHECK_THAT(FitForecast("croston", {}, y, 1)->at(0), WithinRel(0.95 * 4.2 / 2.1, 1e-12));
  // d: 0.5 after t=1, then 0.45, 0.405, 0.4645, 0.41805.
  CHECK_THAT(FitForecast("croston", {{"variant", std::string("tsb")}}, y, 1)->at(0),
             WithinRel(0.41805 * 4.2, 1e-9));
  CHECK(*FitForecast("croston", {}, V(5, 0.0), 2) == V{0, 0});
}

TEST_CASE("Exponential smoothing fits stop when cancelled", "[engine][models][cancel]") {
  CancelToken token;
  token.Cancel();
  const V y = SeasonalLine(84);
  absl::StatusOr<EtsFit> fit =
      FitEts(y, {.trend = TrendKind::kDamped, .season = SeasonKind::kAdditive, .period = 7}, token);
  CHECK(fit.status().code() == absl::StatusCode::kCancelled);
}

TEST_CASE("Statistical fits are deterministic", "[engine][models]") {
  const V y = SeasonalLine(60);
  for (const char* type : {"ses", "holt", "holt_winters", "theta", "croston"}) {
    INFO(type);
    CHECK(*FitForecast(type, {}, y, 14) == *FitForecast(type, {}, y, 14));
  }
}

}  // namespace
}  // namespace champion::engine
