#pragma once

// Deterministic random variates on top of std::mt19937_64. The engine's output sequence is
// fixed by the standard, but std::*_distribution are not (libstdc++ and libc++ differ, and
// may change), so the variates are derived here by inverse transforms.

#include <cstdint>
#include <random>

namespace champion::seed {

//! A seeded source of uniform, normal and Poisson variates. Not thread-safe.
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  //! Uniform on [0, 1) with 53 random bits.
  double Uniform();
  //! Uniform on [lo, hi).
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  //! Uniform integer on [lo, hi] (inclusive); requires lo <= hi.
  int64_t UniformInt(int64_t lo, int64_t hi);
  //! True with probability p.
  bool Bernoulli(double p) { return Uniform() < p; }
  //! Normal(mean, stddev) by Box-Muller (one pair of uniforms per call).
  double Normal(double mean, double stddev);
  //! Poisson(lambda), lambda >= 0: inverse transform of the CDF for lambda < 50, a rounded
  //! normal approximation (clamped at 0) above.
  int64_t Poisson(double lambda);

 private:
  std::mt19937_64 engine_;
};

//! Mixes a base seed with stream ids so that independent streams (one per store x product
//! pair) do not depend on generation order (splitmix64 finaliser).
uint64_t MixSeed(uint64_t seed, uint64_t a, uint64_t b = 0);

}  // namespace champion::seed
