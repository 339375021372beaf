#include "engine/backtest/metrics.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace champion::engine {
namespace {

using Catch::Matchers::WithinAbs;
using V = std::vector<double>;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST_CASE("Metric formulas", "[engine][metrics]") {
  const V a = {10, 20, 30, 40};
  const V f = {12, 18, 30, 44};
  CHECK_THAT(*Mae(a, f), WithinAbs(2.0, 1e-12));
  CHECK_THAT(*Rmse(a, f), WithinAbs(std::sqrt((4 + 4 + 0 + 16) / 4.0), 1e-12));
  CHECK_THAT(*Smape(a, f), WithinAbs(100.0 / 4 * (4.0 / 22 + 4.0 / 38 + 0.0 + 8.0 / 84), 1e-12));
  CHECK_THAT(*Wape(a, f), WithinAbs(100.0 * 8 / 100, 1e-12));
  CHECK_THAT(*Bias(a, f), WithinAbs((-2 + 2 + 0 - 4) / 4.0, 1e-12));
}

TEST_CASE("sMAPE counts 0/0 as 0 and stays within 0..200", "[engine][metrics]") {
  CHECK(*Smape(V{0, 0}, V{0, 0}) == 0.0);
  CHECK(*Smape(V{0, 5}, V{3, 5}) == 100.0);  // (200 + 0) / 2.
  CHECK(*Smape(V{0}, V{3}) == 200.0);
}

TEST_CASE("WAPE is +inf when actuals sum to zero", "[engine][metrics]") {
  CHECK(std::isinf(*Wape(V{0, 0}, V{1, 0})));
  CHECK(std::isinf(*Wape(V{0, 0}, V{0, 0})));
  CHECK(*Wape(V{0, 0}, V{0, 0}) > 0);
}

TEST_CASE("MASE scales by the seasonal naive on the training data", "[engine][metrics]") {
  V train;
  for (int i = 0; i < 14; ++i) train.push_back(i);  // |y_t - y_{t-7}| = 7 everywhere.
  CHECK_THAT(*Mase(V{1, 2}, V{3, 4}, train), WithinAbs(2.0 / 7.0, 1e-12));
  SECTION("NaN when the scale is undefined or zero") {
    CHECK(std::isnan(*Mase(V{1}, V{2}, V(7, 1.0))));   // Only m points.
    CHECK(std::isnan(*Mase(V{1}, V{2}, V(20, 3.0))));  // Constant: scale 0.
  }
}

TEST_CASE("NaN forecasts propagate instead of failing", "[engine][metrics]") {
  absl::StatusOr<FoldMetrics> m = ComputeFoldMetrics(V{1, 2}, V{kNaN, 2}, V(20, 1.0));
  REQUIRE(m.ok());
  CHECK(std::isnan((*m)[Metric::kMae]));
  CHECK(std::isnan((*m)[Metric::kWape]));
  CHECK(std::isnan((*m)[Metric::kSmape]));
}

TEST_CASE("Metric input errors", "[engine][metrics]") {
  CHECK(Mae(V{1, 2}, V{1}).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(Mae(V{}, V{}).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK_FALSE(ComputeFoldMetrics(V{1}, V{1, 2}, V{}).ok());
}

TEST_CASE("Aggregation takes the mean of valid folds", "[engine][metrics]") {
  CHECK(MeanOfValid(V{1, kNaN, 3}) == 2.0);
  CHECK(std::isnan(MeanOfValid(V{kNaN})));
  CHECK(std::isnan(MeanOfValid(V{})));
  CHECK(std::isinf(MeanOfValid(V{1, std::numeric_limits<double>::infinity()})));
}

TEST_CASE("Stability is the population coefficient of variation", "[engine][metrics]") {
  CHECK_THAT(Stability(V{10, 20}), WithinAbs(5.0 / 15.0 * 100.0, 1e-12));
  CHECK(std::isnan(Stability(V{10})));
  CHECK(std::isnan(Stability(V{10, kNaN})));
}

TEST_CASE("Aggregate pools every test point of every fold", "[engine][metrics]") {
  // Fold 0: actuals 10, 10, forecasts 8, 12; fold 1: no sales, forecasts 1, 1.
  const V a0{10, 10}, f0{8, 12}, a1{0, 0}, f1{1, 1};
  std::vector<FoldMetrics> folds = {*ComputeFoldMetrics(a0, f0, V{}),
                                    *ComputeFoldMetrics(a1, f1, V{})};
  folds[0][Metric::kMase] = 0.5;  // Fold 1 keeps the NaN of its too-short train.
  const std::vector<FoldPoints> points = {{a0, f0}, {a1, f1}};
  AggregateMetrics agg = Aggregate(folds, points);
  CHECK(std::isinf(folds[1][Metric::kWape]));
  CHECK_THAT(agg[Metric::kWape].value, WithinAbs(100.0 * 6.0 / 20.0, 1e-12));  // sum|e| / sum|A|
  CHECK_THAT(agg[Metric::kMae].value, WithinAbs(6.0 / 4.0, 1e-12));
  CHECK_THAT(agg[Metric::kRmse].value, WithinAbs(std::sqrt(10.0 / 4.0), 1e-12));
  CHECK_THAT(agg[Metric::kBias].value, WithinAbs(-2.0 / 4.0, 1e-12));
  CHECK_THAT(agg[Metric::kSmape].value,
             WithinAbs(100.0 * (2 * 2.0 / 18 + 2 * 2.0 / 22 + 2 + 2) / 4, 1e-9));
  CHECK(agg[Metric::kMase].value == 0.5);  // Only the fold with a scale counts.
  CHECK(std::isnan(agg[Metric::kMase].stability));
  CHECK_THAT(agg[Metric::kMae].stability, WithinAbs(100.0 / 3.0, 1e-12));  // Folds' MAE 2 and 1.
  CHECK(std::isnan(agg[Metric::kWape].stability));  // One finite fold value and an infinite one.
  CHECK(agg.sample_size == 4);
  CHECK(agg.fold_count == 2);
}

TEST_CASE("Aggregate WAPE is undefined only when no test point had sales", "[engine][metrics]") {
  const V a{0, 0}, f{1, 0};
  const std::vector<FoldMetrics> folds = {*ComputeFoldMetrics(a, f, V{})};
  const std::vector<FoldPoints> points = {{a, f}};
  AggregateMetrics agg = Aggregate(folds, points);
  CHECK(std::isinf(agg[Metric::kWape].value));
  CHECK(agg[Metric::kMae].value == 0.5);
  CHECK(std::isnan(agg[Metric::kMase].value));
}

TEST_CASE("Aggregate with NaN forecasts gives NaN pooled values", "[engine][metrics]") {
  const V a{1, 2}, f{kNaN, 2};
  const std::vector<FoldMetrics> folds = {*ComputeFoldMetrics(a, f, V{})};
  const std::vector<FoldPoints> points = {{a, f}};
  AggregateMetrics agg = Aggregate(folds, points);
  CHECK(std::isnan(agg[Metric::kMae].value));
  CHECK(std::isnan(agg[Metric::kWape].value));
  CHECK(std::isnan(agg[Metric::kBias].value));
}

TEST_CASE("Coverage counts actuals inside the interval, bounds included", "[engine][metrics]") {
  CHECK(*Coverage(V{1, 5, 9, 10}, V{0, 5, 0, 0}, V{2, 6, 8, 10}) == 75.0);
  CHECK(Coverage(V{1}, V{0, 0}, V{2, 2}).status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("MSIS is width plus 2/alpha times the misses, scaled as MASE", "[engine][metrics]") {
  V train;
  for (int i = 0; i < 14; ++i) train.push_back(i);  // Seasonal-naive scale 7.
  // Widths 2 and 2; the second actual misses the upper bound by 3: 2 + 2 + (2 / 0.2) * 3 = 34.
  CHECK_THAT(*Msis(V{1, 5}, V{0, 0}, V{2, 2}, train), WithinAbs(34.0 / 2 / 7, 1e-12));
  // A miss below counts the same way.
  CHECK_THAT(*Msis(V{0}, V{1}, V{2}, train, 0.5), WithinAbs((1.0 + 4.0 * 1.0) / 7, 1e-12));
  CHECK(std::isnan(*Msis(V{1}, V{0}, V{2}, V{1, 2})));  // Train too short for a scale.
  CHECK(Msis(V{1}, V{0}, V{2}, train, 0.0).status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("Interval metrics are undefined without an interval", "[engine][metrics]") {
  const V a{10, 20}, f{10, 20};
  FoldMetrics without = *ComputeFoldMetrics(a, f, V{});
  CHECK(std::isnan(without[Metric::kCoverage]));
  CHECK(std::isnan(without[Metric::kMsis]));
  FoldMetrics with = *ComputeFoldMetrics(a, f, V{}, V{9, 21}, V{11, 22});
  CHECK(with[Metric::kCoverage] == 50.0);
  CHECK(ComputeFoldMetrics(a, f, V{}, V{9}, V{11}).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

TEST_CASE("Coverage ranks by its distance from the nominal 80%", "[engine][metrics]") {
  CHECK(SortValue(Metric::kCoverage, 75.0) == 5.0);
  CHECK(SortValue(Metric::kCoverage, 90.0) == 10.0);
  CHECK(SortValue(Metric::kMsis, 3.0) == 3.0);
  CHECK(*ParseMetric("coverage") == Metric::kCoverage);
  CHECK(std::string(MetricLabel(Metric::kMsis)) == "MSIS");
}

TEST_CASE("Aggregate pools coverage over the folds with an interval", "[engine][metrics]") {
  V train;
  for (int i = 0; i < 14; ++i) train.push_back(i);
  const V a0{10, 10}, f0{10, 10}, l0{9, 11}, u0{11, 12};       // Covers 1 of 2.
  const V a1{5, 5, 5}, f1{5, 5, 5}, l1{4, 4, 4}, u1{6, 6, 6};  // Covers 3 of 3.
  const V a2{1}, f2{1};                                        // No interval.
  const std::vector<FoldMetrics> folds = {*ComputeFoldMetrics(a0, f0, train, l0, u0),
                                          *ComputeFoldMetrics(a1, f1, train, l1, u1),
                                          *ComputeFoldMetrics(a2, f2, train)};
  const std::vector<FoldPoints> points = {{a0, f0, l0, u0}, {a1, f1, l1, u1}, {a2, f2}};
  const AggregateMetrics agg = Aggregate(folds, points);
  CHECK(agg[Metric::kCoverage].value == 80.0);  // 4 of 5 points with an interval.
  // MSIS weighted by points over the folds that have one.
  const double expected = (folds[0][Metric::kMsis] * 2 + folds[1][Metric::kMsis] * 3) / 5;
  CHECK_THAT(agg[Metric::kMsis].value, WithinAbs(expected, 1e-12));
}

}  // namespace
}  // namespace champion::engine
