#include "engine/selection/significance.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

namespace champion::engine {
namespace {

using Catch::Matchers::WithinAbs;
using V = std::vector<double>;

TEST_CASE("Student-t two-sided p-values", "[engine][significance]") {
  CHECK_THAT(StudentTTwoSidedPValue(2.228, 10), WithinAbs(0.05, 1e-3));  // t table
  CHECK_THAT(StudentTTwoSidedPValue(1.96, 1e6), WithinAbs(0.05, 1e-3));  // ~normal
  CHECK_THAT(StudentTTwoSidedPValue(0.0, 5), WithinAbs(1.0, 1e-12));
  CHECK(StudentTTwoSidedPValue(INFINITY, 5) == 0.0);
}

TEST_CASE("Diebold-Mariano by hand", "[engine][significance]") {
  // d = {1, 4, 9, 16}: mean 7.5, gamma0 = 129 / 4; DM = 7.5 / sqrt(gamma0 / 4);
  // HLN (h = 1): * sqrt((4 + 1 - 2) / 4).
  absl::StatusOr<Significance> s = DieboldMariano(V{1, 2, 3, 4}, V{0, 0, 0, 0}, 1);
  REQUIRE(s.ok());
  const double dm = 7.5 / std::sqrt(129.0 / 4 / 4) * std::sqrt(0.75);
  CHECK_THAT(s->statistic, WithinAbs(dm, 1e-12));
  CHECK(s->p_value > 0.10);  // t(3) two-sided 10% critical value is 2.353 > 2.287.
  CHECK(s->p_value < 0.12);
}

TEST_CASE("Diebold-Mariano edge cases", "[engine][significance]") {
  CHECK(DieboldMariano(V{1, 2, 3}, V{1, 2, 3}, 1)->p_value == 1.0);
  CHECK(DieboldMariano(V{2, 2, 2}, V{1, 1, 1}, 1)->p_value == 0.0);
  CHECK_FALSE(DieboldMariano(V{1, 2}, V{1, 2}, 1).ok());
  CHECK_FALSE(DieboldMariano(V{1, 2, 3}, V{1, 2}, 1).ok());
  CHECK_FALSE(DieboldMariano(V{1, NAN, 3}, V{1, 2, 3}, 1).ok());
  SECTION("a long horizon on few points falls back instead of failing") {
    absl::StatusOr<Significance> s = DieboldMariano(V{1, 3, 2, 5, 4}, V{0, 1, 0, 1, 0}, 14);
    REQUIRE(s.ok());
    CHECK(std::isfinite(s->statistic));
  }
  SECTION("the better series has a negative statistic") {
    V a, b;
    for (int i = 0; i < 40; ++i) {
      a.push_back((i % 3) - 1.0);
      b.push_back(3.0 * ((i % 5) - 2.0));
    }
    absl::StatusOr<Significance> s = DieboldMariano(a, b, 7);
    REQUIRE(s.ok());
    CHECK(s->statistic < 0);
    CHECK(s->p_value < 0.05);
  }
}

}  // namespace
}  // namespace champion::engine
