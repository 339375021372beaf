// The ARIMA likelihood on the differenced series (engine/kernels/arima_state_space.h) against
// the full-state Kalman filter it replaces in the optimiser: the same sums, residuals and
// criterion, model by model. And the conditional sum of squares, by hand and on a series
// differenced once for all evaluations.

#include "engine/kernels/arima_state_space.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "engine/kernels/arima_params.h"

namespace champion::engine::arima {
namespace {

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

// A trending, seasonal (period 12) series far from 0, where the diffuse prior's finite
// variance matters most.
std::vector<double> Series(int n, unsigned seed = 7) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> y;
  double level = 500.0;
  double previous = 0.0;
  for (int t = 0; t < n; ++t) {
    const double e = noise(rng);
    level += 0.3 + e + 0.4 * previous;
    previous = e;
    y.push_back(level + 8 * std::sin(2 * 3.14159265358979 * t / 12));
  }
  return y;
}

struct Case {
  std::string name;
  ArimaSpec spec;
  std::vector<double> coef;  //!< R's layout, AR blocks not transformed.
};

// The full filter over y against DiffuseStart + ArmaLikelihood, and ArimaLikelihood.
void Compare(const Case& c, const std::vector<double>& y) {
  INFO(c.name);
  const Polynomials arma = ExpandArma(c.coef, c.spec, false);
  const std::vector<double> delta = DifferencingCoefficients(c.spec);
  StateSpace model = MakeStateSpace(arma, delta);
  const FilterSums full = KalmanFilter(y, model, true);

  const std::vector<double> w = Difference(y, c.spec);
  ArmaWorkspace workspace;
  const ArmaStart start = DiffuseStart(y, arma, delta);
  const std::optional<FilterSums> tail =
      ArmaLikelihood(w, arma, delta.empty() ? nullptr : &start, true, workspace);
  REQUIRE(tail.has_value());
  const int used = tail->used + (delta.empty() ? 0 : start.sums.used);
  CHECK(used == full.used);
  CHECK(static_cast<std::size_t>(tail->used) == w.size());  // The diffuse d' drop out.
  const double sum_squares = tail->sum_squares + start.sums.sum_squares;
  const double sum_log_variance = tail->sum_log_variance + start.sums.sum_log_variance;
  CHECK_THAT(sum_squares, WithinRel(full.sum_squares, 1e-11));
  CHECK_THAT(sum_log_variance, WithinAbs(full.sum_log_variance, 1e-8));
  const std::size_t offset = y.size() - w.size();
  double gap = 0.0;
  for (std::size_t t = 0; t < w.size(); ++t) {
    gap = std::max(gap, std::abs(tail->residuals[t] - full.residuals[t + offset]));
  }
  CHECK(gap < 1e-8);

  const FilterSums combined = ArimaLikelihood(y, w, arma, delta, workspace);
  CHECK(combined.used == full.used);
  CHECK_THAT(combined.Criterion(), WithinAbs(full.Criterion(), 1e-12));
}

TEST_CASE("ARIMA likelihood of the differenced series equals the full filter's",
          "[engine][arima]") {
  const std::vector<double> y = Series(240);
  const std::vector<Case> cases = {
      {"ARIMA(1,1,1)", {.p = 1, .d = 1, .q = 1}, {0.5, 0.3}},
      {"ARIMA(0,1,1)", {.d = 1, .q = 1}, {-0.4}},
      {"ARIMA(2,2,0)", {.p = 2, .d = 2}, {0.3, -0.2}},
      {"ARIMA(0,2,2)", {.d = 2, .q = 2}, {-0.9, 0.2}},
      {"ARIMA(1,1,1)(0,1,1)[12]",
       {.p = 1, .d = 1, .q = 1, .seasonal_d = 1, .seasonal_q = 1, .period = 12},
       {0.5, -0.3, -0.6}},
      {"ARIMA(2,0,0)(1,1,1)[12]",
       {.p = 2, .seasonal_p = 1, .seasonal_d = 1, .seasonal_q = 1, .period = 12},
       {0.6, 0.2, -0.3, -0.5}},
      {"ARIMA(0,0,2)(0,1,0)[12]", {.q = 2, .seasonal_d = 1, .period = 12}, {0.4, 0.1}},
      {"ARIMA(1,0,1)", {.p = 1, .q = 1}, {0.7, 0.2}},
      {"ARIMA(0,1,1) non-invertible MA", {.d = 1, .q = 1}, {-1.6}},
  };
  for (const Case& c : cases) {
    std::vector<double> x = y;
    if (c.spec.Differences() == 0) {
      for (double& v : x) v -= 600;  // A stationary model: around its mean.
    }
    Compare(c, x);
  }
  SECTION("with drift: y - beta t, as the optimiser sees it") {
    const ArimaSpec spec{.p = 1, .d = 1, .q = 1, .include_drift = true};
    std::vector<double> x = y;
    for (std::size_t t = 0; t < x.size(); ++t) x[t] -= 0.31 * static_cast<double>(t + 1);
    Compare({"ARIMA(1,1,1) with drift", spec, {0.5, 0.3, 0.31}}, x);
  }
}

TEST_CASE("ARIMA likelihood switches to the quick recursions once the filter has converged",
          "[engine][arima]") {
  const std::vector<double> w = Difference(Series(400), {.d = 1});
  ArmaWorkspace workspace;
  const ArimaSpec spec{.p = 1, .q = 1};
  const std::optional<FilterSums> invertible = ArmaLikelihood(
      w, ExpandArma(std::vector<double>{0.5, 0.6}, spec, false), nullptr, false, workspace);
  REQUIRE(invertible.has_value());
  // F_t - 1 ~ 0.6^(2t): below 1e-12 after about 27 steps.
  CHECK(invertible->quick_from > 10);
  CHECK(invertible->quick_from < 60);
  const std::optional<FilterSums> not_invertible = ArmaLikelihood(
      w, ExpandArma(std::vector<double>{0.5, 1.5}, spec, false), nullptr, false, workspace);
  REQUIRE(not_invertible.has_value());
  CHECK(not_invertible->quick_from == -1);  // F_t tends to 1.5^2, never 1.
}

TEST_CASE("ARIMA likelihood leaves a near unit root to the full filter", "[engine][arima]") {
  const std::vector<double> y = Series(120);
  const ArimaSpec spec{.p = 2, .d = 1};
  const Polynomials arma = ExpandArma(std::vector<double>{1.95, -0.96}, spec, false);
  const std::vector<double> w = Difference(y, spec);
  ArmaWorkspace workspace;
  CHECK_FALSE(ArmaLikelihood(w, arma, nullptr, false, workspace).has_value());
  const std::vector<double> delta = DifferencingCoefficients(spec);
  StateSpace model = MakeStateSpace(arma, delta);
  const FilterSums full = KalmanFilter(y, model, false);
  CHECK(ArimaLikelihood(y, w, arma, delta, workspace).Criterion() == full.Criterion());
}

TEST_CASE("ARIMA conditional sum of squares follows R's recursion", "[engine][arima]") {
  // ARIMA(1,1,1): w = diff(y) = (_, 2, -1, 3, 1); conditioning on d + p = 2 observations,
  // e_2 = w_2 - 0.5 w_1 = -2, e_3 = w_3 - 0.5 w_2 - 0.25 e_2 = 4, e_4 = w_4 - 0.5 w_3 - 0.25
  // e_3 = -1.5.
  const std::vector<double> y = {1, 3, 2, 5, 6};
  const ArimaSpec spec{.p = 1, .d = 1, .q = 1};
  const Polynomials arma = ExpandArma(std::vector<double>{0.5, 0.25}, spec, false);
  const double expected = (4.0 + 16.0 + 2.25) / 3;
  CHECK_THAT(ConditionalSumOfSquares(y, spec, arma, 2), WithinRel(expected, 1e-15));
  std::vector<double> w = y;
  DifferenceInPlace(w, spec);
  CssWorkspace workspace;
  CHECK_THAT(DifferencedSumOfSquares(w, arma, 2, workspace), WithinRel(expected, 1e-15));
}

TEST_CASE("ARIMA conditional sum of squares differences the regression term linearly",
          "[engine][arima]") {
  // An optimiser differences y and the drift regressor once: diff(y - b z) = diff(y) - b
  // diff(z) up to rounding.
  const std::vector<double> y = Series(200);
  const ArimaSpec spec{
      .p = 2, .q = 1, .seasonal_d = 1, .seasonal_q = 1, .period = 12, .include_drift = true};
  const std::vector<double> coef = {0.4, -0.2, 0.3, -0.6, 0.25};
  const Polynomials arma = ExpandArma(coef, spec, false);
  const int n_condition = 12 + 2;
  std::vector<double> z(y.size());
  std::vector<double> adjusted(y.size());
  for (std::size_t t = 0; t < y.size(); ++t) {
    z[t] = static_cast<double>(t + 1);
    adjusted[t] = y[t] - coef.back() * z[t];
  }
  std::vector<double> dy = y;
  std::vector<double> dz = z;
  DifferenceInPlace(dy, spec);
  DifferenceInPlace(dz, spec);
  std::vector<double> w(y.size());
  for (std::size_t t = 0; t < w.size(); ++t) w[t] = dy[t] - coef.back() * dz[t];
  CssWorkspace workspace;
  CHECK_THAT(DifferencedSumOfSquares(w, arma, n_condition, workspace),
             WithinRel(ConditionalSumOfSquares(adjusted, spec, arma, n_condition), 1e-12));
}

}  // namespace
}  // namespace champion::engine::arima
