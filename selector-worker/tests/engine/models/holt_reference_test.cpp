// holt against R's forecast::holt() (default "optimal" initial states, i.e. ets "AAN" /
// "AAdN" by maximum likelihood) on the R-shipped reference series (tools/r-reference).

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/backtest/metrics.h"
#include "engine/models/holt.h"
#include "engine/models/model_test_util.h"
#include "engine/models/reference_data.h"

namespace champion::engine {
namespace {

using testing::Days;
using testing::ReadExpected;
using testing::ReadSeries;
using testing::ReferenceNames;
using testing::ReferenceSeries;

constexpr double kMedianMaseRatio = 1.02;  // Median over the series of ours / R's holdout MASE.

double HoltMase(const ReferenceSeries& s, bool damped) {
  HoltModel model(damped);
  const std::vector<double> train = s.Train();
  REQUIRE(model.Fit({.y = train, .dates = Days(static_cast<int>(train.size()))}, NeverCancelled())
              .ok());
  const std::vector<double> f = *model.Forecast({.dates = Days(s.horizon)}, NeverCancelled());
  return *Mase(s.Test(), f, train, s.frequency);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

TEST_CASE("holt and damped holt forecast as well as R's holt()", "[engine][reference][holt]") {
  for (const bool damped : {false, true}) {
    const std::string key = damped ? "holt_damped.mase" : "holt.mase";
    std::vector<double> ratios;
    for (const std::string& name : ReferenceNames()) {
      const ReferenceSeries s = ReadSeries(name);
      const double r = ReadExpected(name).Number(key);
      const double ours = HoltMase(s, damped);
      INFO(key << " " << name << ": ours " << ours << ", R " << r);
      CHECK(std::isfinite(ours));
      ratios.push_back(ours / r);
    }
    INFO(key << " median ratio " << Median(ratios));
    CHECK(Median(ratios) <= kMedianMaseRatio);
  }
}

}  // namespace
}  // namespace champion::engine
