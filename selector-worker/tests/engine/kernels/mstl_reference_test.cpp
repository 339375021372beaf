// The MSTL kernel against R's forecast::mstl: the single-period mstl of every seasonal
// reference series (mstl.seasonal/.trend keys) and the weekly + yearly decomposition of the
// synthesised daily series (mstl.trend/.seasonal7/.seasonal365/.remainder).

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/kernels/mstl.h"
#include "engine/kernels/msts_reference.h"
#include "engine/models/reference_data.h"

namespace champion::engine {
namespace {

using testing::ReadExpected;
using testing::ReadSeries;
using testing::ReferenceNames;

// As for stl (stl_test.cpp): max |ours - R| / max |x|, only rounding apart.
constexpr double kComponentRel = 1e-8;

double RelGap(const std::vector<double>& ours, const std::vector<double>& r,
              const std::vector<double>& x) {
  double gap = 0.0;
  double scale = 0.0;
  for (std::size_t i = 0; i < r.size(); ++i) gap = std::max(gap, std::abs(ours[i] - r[i]));
  for (double v : x) scale = std::max(scale, std::abs(v));
  return gap / scale;
}

TEST_CASE("Mstl of one period matches R's mstl of a ts", "[engine][reference][mstl]") {
  int compared = 0;
  double worst = 0.0;
  for (const std::string& name : ReferenceNames()) {
    const testing::ReferenceExpected e = ReadExpected(name);
    if (!e.fields.contains("mstl.seasonal")) continue;
    const testing::ReferenceSeries s = ReadSeries(name);
    const int periods[] = {s.frequency};
    absl::StatusOr<MstlComponents> fit =
        Mstl(s.values, periods, MstlOptions{.iterate = 1}, NeverCancelled());
    INFO(name);
    REQUIRE(fit.ok());
    const double seasonal = RelGap(fit->seasonal[0], e.Numbers("mstl.seasonal"), s.values);
    const double trend = RelGap(fit->trend, e.Numbers("mstl.trend"), s.values);
    CHECK(seasonal <= kComponentRel);
    CHECK(trend <= kComponentRel);
    worst = std::max({worst, seasonal, trend});
    ++compared;
  }
  CHECK(compared == 8);
  std::printf("mstl of one period: largest gap %.1e\n", worst);
}

TEST_CASE("Mstl of weekly and yearly periods matches R's mstl of an msts",
          "[engine][reference][mstl]") {
  for (const std::string& name : testing::MstsNames()) {
    const testing::MstsSeries m = testing::ReadMsts(name);
    const testing::ReferenceExpected e = ReadExpected(name);
    const std::vector<double> train = m.series.Train();
    const std::vector<int> periods = MstlPeriods(m.periods, static_cast<int>(train.size()));
    REQUIRE(periods == std::vector<int>{7, 365});
    absl::StatusOr<MstlComponents> fit = Mstl(train, periods, MstlOptions{}, NeverCancelled());
    INFO(name);
    REQUIRE(fit.ok());
    const double seasonal7 = RelGap(fit->seasonal[0], e.Numbers("mstl.seasonal7"), train);
    const double seasonal365 = RelGap(fit->seasonal[1], e.Numbers("mstl.seasonal365"), train);
    const double trend = RelGap(fit->trend, e.Numbers("mstl.trend"), train);
    const double remainder = RelGap(fit->remainder, e.Numbers("mstl.remainder"), train);
    std::printf("%s mstl gaps: seasonal7 %.1e seasonal365 %.1e trend %.1e remainder %.1e\n",
                name.c_str(), seasonal7, seasonal365, trend, remainder);
    CHECK(seasonal7 <= kComponentRel);
    CHECK(seasonal365 <= kComponentRel);
    CHECK(trend <= kComponentRel);
    CHECK(remainder <= kComponentRel);
  }
}

TEST_CASE("MstlPeriods drops periods without two full cycles, as R", "[engine][mstl]") {
  const int periods[] = {365, 7, 7, 1};
  CHECK(MstlPeriods(periods, 1000) == std::vector<int>{7, 365});
  CHECK(MstlPeriods(periods, 730) == std::vector<int>{7});  // R keeps msts < n / 2 only.
  CHECK(MstlPeriods(periods, 14).empty());
}

TEST_CASE("Mstl rejects what it cannot decompose", "[engine][mstl]") {
  const std::vector<double> y(30, 1.0);
  CHECK(Mstl(y, {}, MstlOptions{}, NeverCancelled()).status().code() ==
        absl::StatusCode::kInvalidArgument);
  const int too_long[] = {15};
  CHECK(Mstl(y, too_long, MstlOptions{}, NeverCancelled()).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace champion::engine
