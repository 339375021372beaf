// Unit tests of the fixed-order ARIMA kernel (engine/kernels/arima*.h). Its agreement with R
// is in arima_reference_test.cpp.

#include "engine/kernels/arima.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "Eigen/Dense"
#include "engine/kernels/arima_bfgs.h"
#include "engine/kernels/arima_params.h"
#include "engine/kernels/arima_state_space.h"

namespace champion::engine::arima {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

// y_t = mean + phi (y_{t-1} - mean) + e_t, e ~ N(0, 1), fixed seed.
std::vector<double> SimulateAr1(double phi, double mean, int n, unsigned seed = 42) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> y;
  double level = 0.0;
  for (int t = 0; t < n + 100; ++t) {  // 100 burn-in steps.
    level = phi * level + noise(rng);
    if (t >= 100) y.push_back(mean + level);
  }
  return y;
}

TEST_CASE("ARIMA on white noise finds near-zero coefficients", "[engine][arima]") {
  const std::vector<double> y = SimulateAr1(0.0, 5.0, 400);
  const absl::StatusOr<ArimaFit> fit =
      FitArima(y, {.p = 1, .q = 1, .include_mean = true}, NeverCancelled());
  REQUIRE(fit.ok());
  REQUIRE(fit->coef.size() == 3);
  CHECK(std::abs(fit->coef[0] + fit->coef[1]) < 0.15);  // ar1 ~ -ma1 cancel, or both ~ 0.
  CHECK_THAT(fit->coef[2], WithinAbs(5.0, 0.2));
  CHECK_THAT(fit->sigma2, WithinAbs(1.0, 0.2));
  const absl::StatusOr<ArimaFit> ar = FitArima(y, {.p = 1, .include_mean = true}, NeverCancelled());
  REQUIRE(ar.ok());
  CHECK_THAT(ar->coef[0], WithinAbs(0.0, 0.1));
}

TEST_CASE("ARIMA recovers a simulated AR(1) coefficient", "[engine][arima]") {
  const std::vector<double> y = SimulateAr1(0.6, 10.0, 500);
  const absl::StatusOr<ArimaFit> fit =
      FitArima(y, {.p = 1, .include_mean = true}, NeverCancelled());
  REQUIRE(fit.ok());
  CHECK_THAT(fit->coef[0], WithinAbs(0.6, 0.07));
  CHECK_THAT(fit->coef[1], WithinAbs(10.0, 0.3));
  CHECK(fit->converged);
  CHECK(fit->n_used == 500);
  CHECK(fit->residuals.size() == 500);
  // The criteria are stats::arima's and forecast::Arima's definitions of the same loglik.
  CHECK_THAT(fit->aic, WithinRel(-2 * fit->loglik + 2 * 3, 1e-12));
  CHECK_THAT(fit->aicc, WithinRel(fit->aic + 2.0 * 3 * 4 / (500 - 3 - 1), 1e-12));
  CHECK_THAT(fit->bic, WithinRel(-2 * fit->loglik + 3 * std::log(500.0), 1e-12));
  // Forecasts decay to the mean; the standard error grows to the process's.
  const absl::StatusOr<ArimaForecast> f = ForecastArima(*fit, 200);
  REQUIRE(f.ok());
  CHECK_THAT(f->mean.back(), WithinRel(fit->coef[1], 1e-9));
  const double phi = fit->coef[0];
  CHECK_THAT(f->se.front(), WithinRel(std::sqrt(fit->sigma2), 1e-9));
  CHECK_THAT(f->se.back(), WithinRel(std::sqrt(fit->sigma2 / (1 - phi * phi)), 1e-6));
}

TEST_CASE("ARIMA(0,1,0) forecasts the last value with a random walk's error", "[engine][arima]") {
  const std::vector<double> y = {3, 5, 4, 6, 7, 6, 8, 9, 8, 10};
  const absl::StatusOr<ArimaFit> fit = FitArima(y, {.d = 1}, NeverCancelled());
  REQUIRE(fit.ok());
  CHECK(fit->coef.empty());
  const absl::StatusOr<ArimaForecast> f = ForecastArima(*fit, 4);
  REQUIRE(f.ok());
  for (int h = 0; h < 4; ++h) {
    CHECK_THAT(f->mean[h], WithinRel(10.0, 1e-9));
    CHECK_THAT(f->se[h], WithinRel(std::sqrt((h + 1) * fit->sigma2), 1e-6));
  }
}

TEST_CASE("ARIMA fit stops with Cancelled when the token is set", "[engine][arima]") {
  CancelToken token;
  token.Cancel();
  const std::vector<double> y = SimulateAr1(0.5, 0.0, 100);
  const absl::StatusOr<ArimaFit> fit = FitArima(y, {.p = 1, .d = 1, .q = 1}, token);
  CHECK(fit.status().code() == absl::StatusCode::kCancelled);
}

TEST_CASE("BFGS checks the token before every evaluation", "[engine][arima]") {
  CancelToken token;
  int evaluations = 0;
  const std::function<double(std::span<const double>)> f = [&](std::span<const double> x) {
    if (++evaluations == 5) token.Cancel();
    return (x[0] - 1) * (x[0] - 1) + 10 * (x[1] + 2) * (x[1] + 2);
  };
  CHECK(MinimizeBfgs(f, {0, 0}, token).status().code() == absl::StatusCode::kCancelled);
  CHECK(evaluations == 5);
}

TEST_CASE("BFGS minimises a smooth function as R's optim does", "[engine][arima]") {
  const std::function<double(std::span<const double>)> rosenbrock = [](std::span<const double> x) {
    return 100 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1 - x[0], 2);
  };
  const absl::StatusOr<BfgsResult> r =
      MinimizeBfgs(rosenbrock, {-1.2, 1.0}, NeverCancelled(), {.max_iterations = 1000});
  REQUIRE(r.ok());
  CHECK_THAT(r->x[0], WithinAbs(1.0, 1e-2));
  CHECK_THAT(r->x[1], WithinAbs(1.0, 2e-2));
  CHECK(r->converged);
}

TEST_CASE("optimhess evaluates each distinct point once", "[engine][arima]") {
  // A cubic: central differences of central differences give its Hessian up to rounding.
  int evaluations = 0;
  const std::function<double(std::span<const double>)> cubic = [&](std::span<const double> x) {
    ++evaluations;
    return x[0] * x[0] * x[1] + 3 * x[1] * x[2] + x[2] * x[2] * x[2];
  };
  const std::vector<double> at = {0.5, -1.25, 2.0};
  const Eigen::Matrix3d expected{{2 * at[1], 2 * at[0], 0}, {2 * at[0], 0, 3}, {0, 3, 6 * at[2]}};

  const absl::StatusOr<Eigen::MatrixXd> h = OptimHessian(cubic, at, NeverCancelled());
  REQUIRE(h.ok());
  CHECK(((*h) - expected).cwiseAbs().maxCoeff() < 1e-6);
  // 4 k^2 = 36 values asked for, 2 k^2 + 1 = 19 of them distinct with unit scales.
  CHECK(evaluations == 19);

  // With a scale the row steps (h / parscale^2 on x) differ from the gradient's (h), so
  // fewer points coincide; the Hessian is the same.
  evaluations = 0;
  const absl::StatusOr<Eigen::MatrixXd> scaled =
      OptimHessian(cubic, at, NeverCancelled(), {.parscale = {1.0, 1.0, 2.0}});
  REQUIRE(scaled.ok());
  CHECK(((*scaled) - expected).cwiseAbs().maxCoeff() < 1e-5);
  CHECK(evaluations > 19);
  CHECK(evaluations < 36);
}
TEST_CASE("ARIMA rejects invalid specs and short series clearly", "[engine][arima]") {
  const std::vector<double> y = SimulateAr1(0.5, 0.0, 50);
  auto message = [&](const ArimaSpec& spec, std::span<const double> data) {
    const absl::StatusOr<ArimaFit> fit = FitArima(data, spec, NeverCancelled());
    REQUIRE(fit.status().code() == absl::StatusCode::kInvalidArgument);
    return std::string(fit.status().message());
  };
  CHECK_THAT(message({.p = -1}, y), Contains("non-negative"));
  CHECK_THAT(message({.seasonal_q = -2, .period = 4}, y), Contains("non-negative"));
  CHECK_THAT(message({.period = 0}, y), Contains("period"));
  CHECK_THAT(message({.seasonal_p = 1}, y), Contains("period > 1"));
  CHECK_THAT(message({.d = 2, .include_drift = true}, y), Contains("drift"));
  CHECK_THAT(message({.include_drift = true}, y), Contains("drift"));
  const std::vector<double> short_y = {1, 2, 3};
  CHECK_THAT(message({.p = 2, .d = 1}, short_y), Contains("observations"));
  const std::vector<double> one_season(y.begin(), y.begin() + 12);
  CHECK_THAT(message({.seasonal_d = 1, .period = 12}, one_season), Contains("observations"));
  std::vector<double> with_nan = y;
  with_nan[7] = NAN;
  CHECK_THAT(message({.p = 1}, with_nan), Contains("finite"));
  const absl::StatusOr<ArimaFit> fit = FitArima(y, {.p = 1}, NeverCancelled());
  REQUIRE(fit.ok());
  CHECK(ForecastArima(*fit, -1).status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("ARIMA parameter maps invert each other", "[engine][arima]") {
  const ArimaSpec spec{.p = 2, .q = 1, .seasonal_p = 1, .period = 4};
  const std::vector<double> raw = {0.3, -1.2, 0.4, 2.0};  // Unconstrained AR blocks.
  const std::vector<double> coef = UndoTransform(raw, spec);
  CHECK(IsStationary(std::span(coef).subspan(0, 2)));
  CHECK(coef[2] == 0.4);  // MA entries untouched.
  CHECK_THAT(coef[3], WithinRel(std::tanh(2.0), 1e-15));
  const std::vector<double> back = InverseTransform(coef, spec);
  for (std::size_t i = 0; i < raw.size(); ++i) CHECK_THAT(back[i], WithinAbs(raw[i], 1e-12));
  CHECK_FALSE(IsStationary(std::vector<double>{1.2}));
  CHECK_FALSE(IsStationary(std::vector<double>{0.6, 0.5}));  // A root inside the circle.
  CHECK(IsStationary(std::vector<double>{0.5, 0.3, 0.0}));
}

TEST_CASE("ARIMA expands seasonal polynomials multiplicatively", "[engine][arima]") {
  // (1 - 0.5 B)(1 - 0.3 B^4) and (1 + 0.2 B)(1 + 0.6 B^4).
  const Polynomials poly =
      ExpandArma(std::vector<double>{0.5, 0.2, 0.3, 0.6},
                 {.p = 1, .q = 1, .seasonal_p = 1, .seasonal_q = 1, .period = 4}, false);
  CHECK(poly.phi == std::vector<double>{0.5, 0, 0, 0.3, -0.15});
  CHECK(poly.theta == std::vector<double>{0.2, 0, 0, 0.6, 0.2 * 0.6});
  CHECK(DifferencingCoefficients({.d = 1, .seasonal_d = 1, .period = 4}) ==
        std::vector<double>{1, 0, 0, 1, -1});
}

TEST_CASE("ARIMA MA inversion flips roots inside the unit circle", "[engine][arima]") {
  CHECK(InvertMa(std::vector<double>{2.0, 0.0}) == std::vector<double>{0.5, 0.0});
  CHECK(InvertMa(std::vector<double>{0.5}) == std::vector<double>{0.5});
  // 1 + 2.5 z + z^2 = (1 + 2 z)(1 + 0.5 z) -> (1 + 0.5 z)^2 = 1 + z + 0.25 z^2.
  const std::vector<double> flipped = InvertMa(std::vector<double>{2.5, 1.0});
  CHECK_THAT(flipped[0], WithinAbs(1.0, 1e-12));
  CHECK_THAT(flipped[1], WithinAbs(0.25, 1e-12));
}

TEST_CASE("ARIMA start covariance solves the stationary equation", "[engine][arima]") {
  const std::vector<double> phi = {0.9, -0.3, 0.1};
  const std::vector<double> theta = {0.4, 0.2, -0.1, 0.3};
  const Eigen::MatrixXd q = StationaryCovariance(phi, theta);
  const Eigen::Index r = 5;
  REQUIRE(q.rows() == r);
  Eigen::MatrixXd t = Eigen::MatrixXd::Zero(r, r);
  for (Eigen::Index i = 0; i < 3; ++i) t(i, 0) = phi[i];
  t.topRightCorner(r - 1, r - 1).setIdentity();
  Eigen::VectorXd v(r);
  v << 1, 0.4, 0.2, -0.1, 0.3;
  const Eigen::MatrixXd residual = q - t * q * t.transpose() - v * v.transpose();
  CHECK(residual.cwiseAbs().maxCoeff() < 1e-12);
  CHECK((q - q.transpose()).cwiseAbs().maxCoeff() < 1e-12);
  // AR(1): 1 / (1 - phi^2).
  CHECK_THAT(StationaryCovariance(std::vector<double>{0.5}, {})(0, 0), WithinRel(4.0 / 3, 1e-14));
}

}  // namespace
}  // namespace champion::engine::arima
