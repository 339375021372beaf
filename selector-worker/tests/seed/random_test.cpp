#include "seed/random.h"

#include <catch2/catch.hpp>

namespace champion::seed {
namespace {

TEST_CASE("Rng is reproducible and its variates have the right moments", "[seed][random]") {
  Rng a(7), b(7);
  for (int i = 0; i < 100; ++i) REQUIRE(a.Uniform() == b.Uniform());

  Rng rng(42);
  constexpr int kN = 20000;
  double sum_u = 0, sum_n = 0, sum_n2 = 0, sum_p = 0;
  int64_t lo = 10, hi = 0;
  for (int i = 0; i < kN; ++i) {
    const double u = rng.Uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum_u += u;
    const double n = rng.Normal(3, 2);
    sum_n += n;
    sum_n2 += (n - 3) * (n - 3);
    sum_p += static_cast<double>(rng.Poisson(4.5));
    const int64_t k = rng.UniformInt(1, 6);
    lo = std::min(lo, k);
    hi = std::max(hi, k);
  }
  CHECK_THAT(sum_u / kN, Catch::Matchers::WithinAbs(0.5, 0.01));
  CHECK_THAT(sum_n / kN, Catch::Matchers::WithinAbs(3.0, 0.05));
  CHECK_THAT(sum_n2 / kN, Catch::Matchers::WithinAbs(4.0, 0.15));
  CHECK_THAT(sum_p / kN, Catch::Matchers::WithinAbs(4.5, 0.08));
  CHECK(lo == 1);
  CHECK(hi == 6);
  CHECK(rng.Poisson(0) == 0);
  CHECK(rng.Poisson(400) > 300);
}

TEST_CASE("MixSeed separates streams", "[seed][random]") {
  CHECK(MixSeed(42, 1, 2) != MixSeed(42, 2, 1));
  CHECK(MixSeed(42, 1) != MixSeed(43, 1));
  CHECK(MixSeed(42, 1, 2) == MixSeed(42, 1, 2));
}

}  // namespace
}  // namespace champion::seed
