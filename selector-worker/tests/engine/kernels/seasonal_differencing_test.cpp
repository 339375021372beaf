// nsdiffs(test = "seas") against R's forecast::nsdiffs on every reference series (the
// `nsdiffs` key; "NA" where R stops with "Non seasonal data").

#include "engine/kernels/seasonal_differencing.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "engine/kernels/msts_reference.h"
#include "engine/models/reference_data.h"

namespace champion::engine {
namespace {

using testing::ReadExpected;
using testing::ReadSeries;
using testing::ReferenceNames;

TEST_CASE("SeasonalDifferences equals R's nsdiffs on every reference series",
          "[engine][reference][nsdiffs]") {
  int compared = 0;
  auto check = [&](const std::string& name, const std::vector<double>& y, int period) {
    const double r = ReadExpected(name).Number("nsdiffs");
    absl::StatusOr<int> ours = SeasonalDifferences(y, period, NeverCancelled());
    INFO(name);
    REQUIRE(ours.ok());
    // R stops for frequency 1 ("Non seasonal data"); the engine answers 0 there.
    CHECK(*ours == (std::isnan(r) ? 0 : static_cast<int>(r)));
    ++compared;
  };
  for (const std::string& name : ReferenceNames()) {
    const testing::ReferenceSeries s = ReadSeries(name);
    check(name, s.values, s.frequency);
  }
  // The daily series: R's nsdiffs of the training part as a ts of frequency 7.
  for (const std::string& name : testing::MstsNames()) {
    const testing::MstsSeries m = testing::ReadMsts(name);
    check(name, m.series.Train(), m.series.frequency);
  }
  CHECK(compared == 15);
}

TEST_CASE("SeasonalDifferences follows R's guards", "[engine][nsdiffs]") {
  const std::vector<double> constant(40, 3.0);
  CHECK(*SeasonalDifferences(constant, 4, NeverCancelled()) == 0);
  std::vector<double> seasonal;
  for (int t = 0; t < 40; ++t) seasonal.push_back(t % 4 == 0 ? 10.0 : 1.0 + 0.01 * t);
  CHECK(*SeasonalDifferences(seasonal, 4, NeverCancelled()) == 1);
  CHECK(*SeasonalDifferences(seasonal, 1, NeverCancelled()) == 0);   // R: an error.
  CHECK(*SeasonalDifferences(seasonal, 40, NeverCancelled()) == 0);  // period >= n.
  CHECK(*SeasonalDifferences(std::vector<double>(seasonal.begin(), seasonal.begin() + 8), 4,
                             NeverCancelled()) == 0);  // n <= 2 period: stl fails, R uses 0.
  absl::StatusOr<double> strength = SeasonalStrength(seasonal, 4, NeverCancelled());
  REQUIRE(strength.ok());
  CHECK(*strength > kSeasonalStrengthThreshold);
  CancelToken token;
  token.Cancel();
  CHECK(SeasonalDifferences(seasonal, 4, token).status().code() == absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace champion::engine
