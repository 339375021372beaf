#include "engine/kernels/ets_intervals.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "engine/kernels/ets_fit.h"

namespace champion::engine::ets {
namespace {

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

constexpr double kZ90 = 1.2815515655446004;  // qnorm(0.9)

FittedForm Fitted(const Form& form, const Smoothing& p, const States& s, double sigma2) {
  FittedForm f;
  f.form = form;
  f.smoothing = p;
  f.final_states = s;
  f.sigma2 = sigma2;
  return f;
}

TEST_CASE("Class 1 variances grow as R's class1 computes them", "[engine][ets][intervals]") {
  // ETS(A,N,N): c_j = alpha.
  const std::vector<double> ann = ForecastVariances({}, {.alpha = 0.3}, 4.0, 3);
  CHECK_THAT(ann[0], WithinAbs(4.0, 1e-12));
  CHECK_THAT(ann[1], WithinAbs(4.0 * (1 + 0.09), 1e-12));
  CHECK_THAT(ann[2], WithinAbs(4.0 * (1 + 2 * 0.09), 1e-12));
  // ETS(A,Ad,N): c_j = alpha + beta (phi + ... + phi^j).
  const Form aadn{.trend = TrendKind::kDamped};
  const std::vector<double> damped =
      ForecastVariances(aadn, {.alpha = 0.5, .beta = 0.1, .phi = 0.9}, 1.0, 3);
  const double c1 = 0.5 + 0.1 * 0.9;
  const double c2 = 0.5 + 0.1 * (0.9 + 0.81);
  CHECK_THAT(damped[1], WithinAbs(1 + c1 * c1, 1e-12));
  CHECK_THAT(damped[2], WithinAbs(1 + c1 * c1 + c2 * c2, 1e-12));
  // ETS(A,N,A) with m = 2: gamma enters when the season comes round (j = 2).
  const Form ana{.season = SeasonKind::kAdditive, .period = 2};
  const std::vector<double> seasonal = ForecastVariances(ana, {.alpha = 0.2, .gamma = 0.3}, 1.0, 4);
  CHECK_THAT(seasonal[1], WithinAbs(1 + 0.04, 1e-12));
  CHECK_THAT(seasonal[2], WithinAbs(1 + 0.04 + 0.25, 1e-12));
  CHECK_THAT(seasonal[3], WithinAbs(1 + 0.04 + 0.25 + 0.04, 1e-12));
}

TEST_CASE("Additive forms get Gaussian quantiles around the point forecast",
          "[engine][ets][intervals]") {
  const FittedForm fit = Fitted({}, {.alpha = 0.3}, {.level = 50.0}, 4.0);
  const std::vector<double> levels = {0.1, 0.5, 0.9};
  absl::StatusOr<ForecastQuantiles> q = FormQuantiles(fit, 3, levels, NeverCancelled());
  REQUIRE(q.ok());
  CHECK(q->levels == levels);
  CHECK_THAT(q->values[1][2], WithinAbs(50.0, 1e-9));
  CHECK_THAT(q->values[2][0], WithinAbs(50.0 + kZ90 * 2.0, 1e-9));
  CHECK_THAT(q->values[0][2], WithinAbs(50.0 - kZ90 * std::sqrt(4.0 * 1.18), 1e-9));
}

TEST_CASE("Multiplicative forms get quantiles of simulated paths", "[engine][ets][intervals]") {
  const Form mnm{
      .error = ErrorKind::kMultiplicative, .season = SeasonKind::kMultiplicative, .period = 2};
  const FittedForm fit =
      Fitted(mnm, {.alpha = 0.2, .gamma = 0.1}, {.level = 100.0, .season = {1.2, 0.8}}, 0.01);
  const std::vector<double> levels = {0.1, 0.5, 0.9};
  absl::StatusOr<ForecastQuantiles> q = FormQuantiles(fit, 6, levels, NeverCancelled());
  REQUIRE(q.ok());
  const std::vector<double> point = PointForecast(mnm, fit.smoothing, fit.final_states, 6);
  for (int h = 0; h < 6; ++h) {
    CHECK(q->values[0][h] < q->values[1][h]);
    CHECK(q->values[1][h] < q->values[2][h]);
    CHECK_THAT(q->values[1][h], WithinRel(point[h], 0.02));  // The median is near the point.
  }
  // One step ahead the error is exactly relative Gaussian: 10% sd around the point.
  CHECK_THAT(q->values[2][0], WithinRel(point[0] * (1 + kZ90 * 0.1), 0.02));
  // Uncertainty grows with the horizon (relative width, the seasons differ in level).
  CHECK((q->values[2][5] - q->values[0][5]) / point[5] >
        (q->values[2][0] - q->values[0][0]) / point[0]);
  // Deterministic: a fixed seed.
  CHECK(*FormQuantiles(fit, 6, levels, NeverCancelled()) == *q);
}

TEST_CASE("Interval errors", "[engine][ets][intervals]") {
  const FittedForm fit = Fitted({}, {.alpha = 0.3}, {.level = 50.0}, 4.0);
  const std::vector<double> bad = {0.9, 0.1};
  CHECK(FormQuantiles(fit, 3, bad, NeverCancelled()).status().code() ==
        absl::StatusCode::kInvalidArgument);
  const FittedForm no_variance = Fitted({}, {.alpha = 0.3}, {.level = 50.0}, NAN);
  const std::vector<double> levels = {0.5};
  CHECK(FormQuantiles(no_variance, 3, levels, NeverCancelled()).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CancelToken cancelled;
  cancelled.Cancel();
  CHECK(FormQuantiles(fit, 3, levels, cancelled).status().code() == absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace champion::engine::ets
