// The STL kernel against R's stats::stl on the seasonal series of tools/r-reference
// (stl.<variant>.seasonal/.trend keys) and its argument checks.

#include "engine/kernels/stl.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/models/reference_data.h"

namespace champion::engine {
namespace {

using testing::ReadExpected;
using testing::ReadSeries;
using testing::ReferenceNames;

// Components are compared as max |ours - R| / max |x|: the same arithmetic as stl.f in the
// same order, so only rounding (and R's 15 printed digits) separate them.
constexpr double kComponentRel = 1e-8;

double MaxGap(const std::vector<double>& ours, const std::vector<double>& r) {
  double gap = 0.0;
  for (std::size_t i = 0; i < r.size(); ++i) gap = std::max(gap, std::abs(ours[i] - r[i]));
  return gap;
}

double Scale(const std::vector<double>& x) {
  double scale = 0.0;
  for (double v : x) scale = std::max(scale, std::abs(v));
  return scale;
}

struct Variant {
  std::string key;
  StlOptions options;
};

const std::vector<Variant>& Variants() {
  static const std::vector<Variant> variants = {
      {"periodic", StlOptions{.periodic = true}},
      {"window7", StlOptions{.s_window = 7}},
      {"robust7", StlOptions{.s_window = 7, .robust = true}}};
  return variants;
}

// The largest relative gap of any component over every series and variant, printed by the
// hidden [.stl_table] test for the README.
double CompareAll(bool print) {
  double worst = 0.0;
  int compared = 0;
  for (const std::string& name : ReferenceNames()) {
    const testing::ReferenceSeries s = ReadSeries(name);
    const testing::ReferenceExpected e = ReadExpected(name);
    for (const Variant& v : Variants()) {
      const std::string prefix = "stl." + v.key;
      if (!e.fields.contains(prefix + ".seasonal")) continue;
      absl::StatusOr<StlComponents> fit = Stl(s.values, s.frequency, v.options, NeverCancelled());
      INFO(name << " " << v.key);
      REQUIRE(fit.ok());
      const double scale = Scale(s.values);
      const double seasonal = MaxGap(fit->seasonal, e.Numbers(prefix + ".seasonal")) / scale;
      const double trend = MaxGap(fit->trend, e.Numbers(prefix + ".trend")) / scale;
      CHECK(seasonal <= kComponentRel);
      CHECK(trend <= kComponentRel);
      worst = std::max({worst, seasonal, trend});
      ++compared;
      if (print) {
        std::printf("%-15s %-9s seasonal %.2e trend %.2e\n", name.c_str(), v.key.c_str(), seasonal,
                    trend);
      }
    }
  }
  CHECK(compared == 24);  // 8 seasonal series x 3 variants.
  return worst;
}

TEST_CASE("Stl matches R's stl on the reference series", "[engine][reference][stl]") {
  CompareAll(false);
}

TEST_CASE("Stl gap table", "[.stl_table]") {
  std::printf("largest relative gap: %.2e\n", CompareAll(true));
}

TEST_CASE("Stl components add up to the series", "[engine][stl]") {
  std::vector<double> y;
  for (int t = 0; t < 60; ++t) y.push_back(10.0 + 0.1 * t + ((t % 4) == 1 ? 3.0 : -1.0));
  absl::StatusOr<StlComponents> fit = Stl(y, 4, StlOptions{}, NeverCancelled());
  REQUIRE(fit.ok());
  for (std::size_t i = 0; i < y.size(); ++i) {
    CHECK_THAT(fit->seasonal[i] + fit->trend[i] + fit->remainder[i],
               Catch::Matchers::WithinAbs(y[i], 1e-12));
  }
  SECTION("periodic: the seasonal component repeats exactly") {
    absl::StatusOr<StlComponents> periodic =
        Stl(y, 4, StlOptions{.periodic = true}, NeverCancelled());
    REQUIRE(periodic.ok());
    for (std::size_t i = 4; i < y.size(); ++i) {
      CHECK(periodic->seasonal[i] == periodic->seasonal[i - 4]);
    }
  }
}

TEST_CASE("Stl rejects what R's stl rejects", "[engine][stl]") {
  const std::vector<double> eight(8, 1.0);
  CHECK(Stl(eight, 4, StlOptions{}, NeverCancelled()).status().code() ==
        absl::StatusCode::kInvalidArgument);  // n <= 2 period.
  CHECK(Stl(eight, 1, StlOptions{}, NeverCancelled()).status().code() ==
        absl::StatusCode::kInvalidArgument);
  std::vector<double> with_nan(20, 1.0);
  with_nan[3] = NAN;
  CHECK(Stl(with_nan, 4, StlOptions{}, NeverCancelled()).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

TEST_CASE("Stl stops when cancelled", "[engine][stl]") {
  CancelToken token;
  token.Cancel();
  const std::vector<double> y(40, 2.0);
  CHECK(Stl(y, 4, StlOptions{}, token).status().code() == absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace champion::engine
