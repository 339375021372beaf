#include "seed/random.h"

#include <cmath>
#include <numbers>

namespace champion::seed {

double Rng::Uniform() {
  return static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0);  // 2^-53
}

int64_t Rng::UniformInt(int64_t lo, int64_t hi) {
  const double span = static_cast<double>(hi - lo + 1);
  const int64_t offset = static_cast<int64_t>(std::floor(Uniform() * span));
  return lo + (offset > hi - lo ? hi - lo : offset);
}

double Rng::Normal(double mean, double stddev) {
  const double u1 = 1.0 - Uniform();  // (0, 1]: log(0) is avoided
  const double u2 = Uniform();
  return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

int64_t Rng::Poisson(double lambda) {
  if (lambda <= 0) return 0;
  if (lambda >= 50) {
    const double x = std::round(Normal(lambda, std::sqrt(lambda)));
    return x < 0 ? 0 : static_cast<int64_t>(x);
  }
  const double u = Uniform();
  double p = std::exp(-lambda);
  double cdf = p;
  int64_t k = 0;
  while (u > cdf && k < 1000) {
    ++k;
    p *= lambda / static_cast<double>(k);
    cdf += p;
  }
  return k;
}

uint64_t MixSeed(uint64_t seed, uint64_t a, uint64_t b) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (a + 1) + 0xBF58476D1CE4E5B9ULL * (b + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace champion::seed
