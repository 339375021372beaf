// Tests of the NLopt wrapper (engine/kernels/optimize.h).

#include "engine/kernels/optimize.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

namespace champion::engine {
namespace {

using Catch::Matchers::WithinAbs;

double Rosenbrock(std::span<const double> x) {
  return 100 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1 - x[0], 2);
}

const std::function<double(std::span<const double>)> kRosenbrock = Rosenbrock;

TEST_CASE("Minimize finds a smooth minimum with every algorithm", "[engine][optimize]") {
  for (MinimizeAlgorithm a : {MinimizeAlgorithm::kAuto, MinimizeAlgorithm::kSubplex}) {
    INFO(static_cast<int>(a));
    const std::vector<double> x =
        *Minimize(kRosenbrock, {-1.2, 1.0}, {-5, -5}, {5, 5}, NeverCancelled(),
                  {.max_evaluations = 20000, .relative_tolerance = 1e-10, .algorithm = a});
    CHECK_THAT(x[0], WithinAbs(1.0, 1e-4));
    CHECK_THAT(x[1], WithinAbs(1.0, 1e-4));
  }
}

TEST_CASE("Minimize keeps the answer inside the box", "[engine][optimize]") {
  // The unconstrained minimum (1, 1) lies outside: the answer sits on the bound x0 = 0.5.
  for (MinimizeAlgorithm a : {MinimizeAlgorithm::kAuto, MinimizeAlgorithm::kSubplex}) {
    INFO(static_cast<int>(a));
    const std::vector<double> x =
        *Minimize(kRosenbrock, {0.0, 0.0}, {-1, -1}, {0.5, 2}, NeverCancelled(),
                  {.max_evaluations = 20000, .relative_tolerance = 1e-10, .algorithm = a});
    CHECK(x[0] <= 0.5);
    CHECK(x[0] >= -1);
    CHECK_THAT(x[0], WithinAbs(0.5, 1e-4));
    CHECK_THAT(x[1], WithinAbs(0.25, 1e-3));
  }
}

TEST_CASE("Subplex walks around points the objective rejects", "[engine][optimize]") {
  // +infinity left of x0 = 0.2 (like an inadmissible ETS point); the minimum is at (0.2, 0).
  const std::function<double(std::span<const double>)> f = [](std::span<const double> x) {
    if (x[0] < 0.2) return std::numeric_limits<double>::infinity();
    return x[0] * x[0] + x[1] * x[1];
  };
  const std::vector<double> x =
      *Minimize(f, {1.0, 1.0}, {-1, -1}, {2, 2}, NeverCancelled(),
                {.relative_tolerance = 1e-10, .algorithm = MinimizeAlgorithm::kSubplex});
  CHECK_THAT(x[0], WithinAbs(0.2, 1e-4));
  CHECK_THAT(x[1], WithinAbs(0.0, 1e-4));
}

TEST_CASE("Minimize rejects bad shapes and stops when cancelled", "[engine][optimize]") {
  CHECK(Minimize(kRosenbrock, {0.0, 0.0}, {-1}, {1, 1}, NeverCancelled()).status().code() ==
        absl::StatusCode::kInvalidArgument);
  const std::function<double(std::span<const double>)> one = [](std::span<const double> x) {
    return x[0] * x[0];
  };
  CHECK_THAT(Minimize(one, {1.0}, {-1}, {1}, NeverCancelled())->at(0), WithinAbs(0.0, 1e-4));
  CancelToken token;
  int calls = 0;
  const std::function<double(std::span<const double>)> cancelling = [&](std::span<const double> x) {
    if (++calls == 10) token.Cancel();
    return Rosenbrock(x);
  };
  CHECK(Minimize(cancelling, {-1.2, 1.0}, {-5, -5}, {5, 5}, token).status().code() ==
        absl::StatusCode::kCancelled);
  CHECK(calls == 10);
}

}  // namespace
}  // namespace champion::engine
