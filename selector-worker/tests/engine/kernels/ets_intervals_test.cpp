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

std::vector<double> Variances(const Form& form, const Smoothing& p, double sigma2, int steps,
                              const States& s = {.level = 10.0}) {
  return AnalyticMoments(form, p, s, sigma2, steps).variance;
}

TEST_CASE("R's dispatch: class 1, 2 or 3, else simulated", "[engine][ets][intervals]") {
  const auto form = [](ErrorKind e, TrendKind t, SeasonKind s) {
    return Form{.error = e, .trend = t, .season = s, .period = s == SeasonKind::kNone ? 1 : 4};
  };
  for (TrendKind t : {TrendKind::kNone, TrendKind::kAdditive, TrendKind::kDamped}) {
    CHECK(IntervalClassOf(form(ErrorKind::kAdditive, t, SeasonKind::kNone)) ==
          IntervalClass::kClass1);
    CHECK(IntervalClassOf(form(ErrorKind::kAdditive, t, SeasonKind::kAdditive)) ==
          IntervalClass::kClass1);
    CHECK(IntervalClassOf(form(ErrorKind::kMultiplicative, t, SeasonKind::kNone)) ==
          IntervalClass::kClass2);
    CHECK(IntervalClassOf(form(ErrorKind::kMultiplicative, t, SeasonKind::kAdditive)) ==
          IntervalClass::kClass2);
    CHECK(IntervalClassOf(form(ErrorKind::kMultiplicative, t, SeasonKind::kMultiplicative)) ==
          IntervalClass::kClass3);
    const Form simulated = form(ErrorKind::kAdditive, t, SeasonKind::kMultiplicative);
    CHECK(IntervalClassOf(simulated) == IntervalClass::kSimulated);
    CHECK_FALSE(HasAnalyticVariance(simulated));
  }
}

TEST_CASE("Class 1 variances grow as R's class1 computes them", "[engine][ets][intervals]") {
  // ETS(A,N,N): c_j = alpha.
  const std::vector<double> ann = Variances({}, {.alpha = 0.3}, 4.0, 3);
  CHECK_THAT(ann[0], WithinAbs(4.0, 1e-12));
  CHECK_THAT(ann[1], WithinAbs(4.0 * (1 + 0.09), 1e-12));
  CHECK_THAT(ann[2], WithinAbs(4.0 * (1 + 2 * 0.09), 1e-12));
  // ETS(A,Ad,N): c_j = alpha + beta (phi + ... + phi^j).
  const Form aadn{.trend = TrendKind::kDamped};
  const std::vector<double> damped = Variances(aadn, {.alpha = 0.5, .beta = 0.1, .phi = 0.9}, 1.0,
                                               3, {.level = 10.0, .trend = 1.0});
  const double c1 = 0.5 + 0.1 * 0.9;
  const double c2 = 0.5 + 0.1 * (0.9 + 0.81);
  CHECK_THAT(damped[1], WithinAbs(1 + c1 * c1, 1e-12));
  CHECK_THAT(damped[2], WithinAbs(1 + c1 * c1 + c2 * c2, 1e-12));
  // ETS(A,A,A) with m = 2: gamma enters when the season comes round (j = 2, 4, ...).
  const Form aaa{.trend = TrendKind::kAdditive, .season = SeasonKind::kAdditive, .period = 2};
  const States trend_season{.level = 10.0, .trend = 0.0, .season = {1.0, -1.0}};
  const std::vector<double> with_trend =
      Variances(aaa, {.alpha = 0.2, .beta = 0.1, .gamma = 0.3}, 1.0, 4, trend_season);
  // c_j = alpha + beta j + gamma [j even]: 0.3, 0.7, 0.5.
  CHECK_THAT(with_trend[1], WithinAbs(1 + 0.09, 1e-12));
  CHECK_THAT(with_trend[2], WithinAbs(1 + 0.09 + 0.49, 1e-12));
  CHECK_THAT(with_trend[3], WithinAbs(1 + 0.09 + 0.49 + 0.25, 1e-12));
  // ETS(A,N,A) with m = 2: R's class1 puts gamma in G[3], the second seasonal state when
  // there is no trend, so it enters one step early: j = 1, 3, ...
  const Form ana{.season = SeasonKind::kAdditive, .period = 2};
  const States season{.level = 10.0, .season = {1.0, -1.0}};
  const std::vector<double> seasonal = Variances(ana, {.alpha = 0.2, .gamma = 0.3}, 1.0, 4, season);
  CHECK_THAT(seasonal[1], WithinAbs(1 + 0.25, 1e-12));
  CHECK_THAT(seasonal[2], WithinAbs(1 + 0.25 + 0.04, 1e-12));
  CHECK_THAT(seasonal[3], WithinAbs(1 + 0.25 + 0.04 + 0.25, 1e-12));
  // The class-1 means are the point forecasts.
  const ForecastMoments moments =
      AnalyticMoments(aaa, {.alpha = 0.2, .beta = 0.1, .gamma = 0.3}, trend_season, 1.0, 4);
  const std::vector<double> point =
      PointForecast(aaa, {.alpha = 0.2, .beta = 0.1, .gamma = 0.3}, trend_season, 4);
  for (int h = 0; h < 4; ++h) CHECK_THAT(moments.mean[h], WithinAbs(point[h], 1e-12));
}

TEST_CASE("Class 2 variances: the multiplicative-error recursion", "[engine][ets][intervals]") {
  // ETS(M,N,N), level l: y_(t+1) = l (1 + e1), y_(t+2) = l (1 + alpha e1)(1 + e2), so
  // Var = l^2 s2 and l^2 (s2 + alpha^2 s2 (1 + s2)) with s2 = sigma2.
  const Form mnn{.error = ErrorKind::kMultiplicative};
  const double l = 50.0;
  const double s2 = 0.04;
  const double alpha = 0.3;
  const ForecastMoments mo = AnalyticMoments(mnn, {.alpha = alpha}, {.level = l}, s2, 3);
  CHECK_THAT(mo.mean[2], WithinAbs(l, 1e-12));
  CHECK_THAT(mo.variance[0], WithinRel(l * l * s2, 1e-12));
  CHECK_THAT(mo.variance[1], WithinRel(l * l * (s2 + alpha * alpha * s2 * (1 + s2)), 1e-12));
  // Three steps: theta_3 = l^2 + s2 (alpha^2 theta_2 + alpha^2 theta_1).
  const double theta1 = l * l;
  const double theta2 = l * l + s2 * alpha * alpha * theta1;
  const double theta3 = l * l + s2 * alpha * alpha * (theta2 + theta1);
  CHECK_THAT(mo.variance[2], WithinRel((1 + s2) * theta3 - l * l, 1e-12));
}

TEST_CASE("Class 3 means and variances: multiplicative error and season",
          "[engine][ets][intervals]") {
  // ETS(M,N,M) with m = 2, states l, (s1, s2): y_(t+1) = l s2 (1 + e1),
  // y_(t+2) = l (1 + alpha e1) s1 (1 + e2), y_(t+3) = l (1 + alpha e1)(1 + alpha e2)
  // s2 (1 + gamma e1)(1 + e3), whose mean is l s2 (1 + alpha gamma sigma2).
  const Form mnm{
      .error = ErrorKind::kMultiplicative, .season = SeasonKind::kMultiplicative, .period = 2};
  const Smoothing p{.alpha = 0.3, .gamma = 0.2};
  const States s{.level = 100.0, .season = {1.2, 0.8}};
  const double s2 = 0.01;
  const ForecastMoments mo = AnalyticMoments(mnm, p, s, s2, 3);
  CHECK_THAT(mo.mean[0], WithinRel(80.0, 1e-12));
  CHECK_THAT(mo.mean[1], WithinRel(120.0, 1e-12));
  CHECK_THAT(mo.mean[2], WithinRel(80.0 * (1 + 0.3 * 0.2 * s2), 1e-12));
  CHECK_THAT(mo.variance[0], WithinRel(80.0 * 80.0 * s2, 1e-12));
  CHECK_THAT(mo.variance[1], WithinRel(120.0 * 120.0 * (s2 + 0.09 * s2 * (1 + s2)), 1e-12));
  // The forecast mean is the class-3 mean.
  const FittedForm fit = Fitted(mnm, p, s, s2);
  const std::vector<double> mean = ForecastMean(fit, 3);
  CHECK_THAT(mean[2], WithinRel(mo.mean[2], 1e-15));
  // A damped trend enters R's class-3 mean as l + b (1 + phi + ...), not the point forecast's
  // l + b (phi + ...).
  const Form madm{.error = ErrorKind::kMultiplicative,
                  .trend = TrendKind::kDamped,
                  .season = SeasonKind::kMultiplicative,
                  .period = 2};
  const ForecastMoments damped =
      AnalyticMoments(madm, {.alpha = 0.3, .beta = 0.1, .gamma = 0.2, .phi = 0.9},
                      {.level = 100.0, .trend = 2.0, .season = {1.2, 0.8}}, s2, 2);
  CHECK_THAT(damped.mean[0], WithinRel(102.0 * 0.8, 1e-12));
  CHECK_THAT(damped.mean[1], WithinRel((102.0 + 1.8) * 1.2, 1e-12));
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

TEST_CASE("Multiplicative forms get Gaussian quantiles around R's mean",
          "[engine][ets][intervals]") {
  const Form mam{.error = ErrorKind::kMultiplicative,
                 .trend = TrendKind::kAdditive,
                 .season = SeasonKind::kMultiplicative,
                 .period = 2};
  const FittedForm fit = Fitted(mam, {.alpha = 0.2, .beta = 0.05, .gamma = 0.1},
                                {.level = 100.0, .trend = 1.0, .season = {1.2, 0.8}}, 0.01);
  const std::vector<double> levels = {0.1, 0.5, 0.9};
  absl::StatusOr<ForecastQuantiles> q = FormQuantiles(fit, 6, levels, NeverCancelled());
  REQUIRE(q.ok());
  const ForecastMoments mo = AnalyticMoments(mam, fit.smoothing, fit.final_states, fit.sigma2, 6);
  const std::vector<double> mean = ForecastMean(fit, 6);
  for (int h = 0; h < 6; ++h) {
    CHECK_THAT(q->values[1][h], WithinRel(mean[h], 1e-12));
    CHECK_THAT(q->values[2][h], WithinRel(mean[h] + kZ90 * std::sqrt(mo.variance[h]), 1e-12));
  }
  // One step ahead the error is exactly relative Gaussian: 10% sd around the point.
  CHECK_THAT(q->values[2][0], WithinRel(101.0 * 0.8 * (1 + kZ90 * 0.1), 1e-12));
}

TEST_CASE("Additive error with multiplicative season: quantiles of simulated paths",
          "[engine][ets][intervals]") {
  const Form anm{.season = SeasonKind::kMultiplicative, .period = 2};
  const FittedForm fit =
      Fitted(anm, {.alpha = 0.2, .gamma = 0.1}, {.level = 100.0, .season = {1.2, 0.8}}, 100.0);
  const std::vector<double> levels = {0.1, 0.5, 0.9};
  absl::StatusOr<ForecastQuantiles> q = FormQuantiles(fit, 6, levels, NeverCancelled());
  REQUIRE(q.ok());
  const std::vector<double> point = PointForecast(anm, fit.smoothing, fit.final_states, 6);
  CHECK(ForecastMean(fit, 6) == point);
  for (int h = 0; h < 6; ++h) {
    CHECK(q->values[0][h] < q->values[1][h]);
    CHECK(q->values[1][h] < q->values[2][h]);
    CHECK_THAT(q->values[1][h], WithinRel(point[h], 0.02));  // The median is near the point.
  }
  // One step ahead the error is exactly Gaussian with sd 10.
  CHECK_THAT(q->values[2][0], WithinRel(point[0] + kZ90 * 10.0, 0.02));
  // Uncertainty grows with the horizon.
  CHECK(q->values[2][5] - q->values[0][5] > q->values[2][0] - q->values[0][0]);
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
