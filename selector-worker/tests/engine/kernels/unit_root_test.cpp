// The KPSS test and ndiffs (engine/kernels/unit_root.h) against R's forecast::ndiffs and
// urca::ur.kpss on the reference series, plus simulated integrated series.

#include "engine/kernels/unit_root.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/models/reference_data.h"

namespace champion::engine::arima {
namespace {

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

// R 4.2.2, forecast 8.20, urca 1.3, on each reference series' training part `train`
// (ts with its frequency m) and D = auto_arima.order[5] (R's nsdiffs choice):
//   ndiffs(train);  ndiffs(diff(train, lag = m, differences = D)) (train when D = 0), the
//   series auto.arima hands to ndiffs;
//   urca::ur.kpss(train, use.lag = trunc(3 * sqrt(n) / 13))@teststat and the same for
//   diff(train) with n - 1.
struct NdiffsCase {
  std::string name;
  int ndiffs_train;
  int seasonal_d;
  int ndiffs_seasonally_differenced;
  double kpss_train;
  double kpss_diff;
};

const std::vector<NdiffsCase>& NdiffsCases() {
  static const std::vector<NdiffsCase> cases = {
      {"AirPassengers", 1, 1, 1, 3.97802956096, 0.0115050688496},
      {"austres", 2, 0, 2, 2.77132380729, 1.02396987045},
      {"BJsales", 1, 0, 1, 3.8429233046, 0.194803649104},
      {"co2", 1, 1, 1, 9.08968085796, 0.0100929688787},
      {"JohnsonJohnson", 1, 1, 1, 2.3805498034, 0.0656643811323},
      {"ldeaths", 0, 1, 0, 0.21969345888, 0.0609517158102},
      {"lynx", 0, 0, 0, 0.0573247536006, 0.0140344748218},
      {"Nile", 1, 0, 1, 1.37175002129, 0.0206857087668},
      {"nottem", 0, 1, 0, 0.0314697834769, 0.0128384927441},
      {"sunspot.year", 0, 0, 0, 0.311976749116, 0.00687822270819},
      {"UKgas", 1, 1, 1, 3.05542362524, 0.0294040811041},
      {"USAccDeaths", 0, 1, 1, 0.409366856753, 0.0283148943018},
      {"WWWusage", 0, 0, 0, 0.348920512037, 0.220874019794},
  };
  return cases;
}

std::vector<double> Diff(const std::vector<double>& x, int lag) {
  std::vector<double> out;
  for (std::size_t t = static_cast<std::size_t>(lag); t < x.size(); ++t) {
    out.push_back(x[t] - x[t - lag]);
  }
  return out;
}

std::vector<double> Cumsum(std::vector<double> x) {
  for (std::size_t t = 1; t < x.size(); ++t) x[t] += x[t - 1];
  return x;
}

std::vector<double> WhiteNoise(int n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> y(static_cast<std::size_t>(n));
  for (double& v : y) v = noise(rng);
  return y;
}

TEST_CASE("KPSS statistic and ndiffs match R on the reference series", "[engine][unit_root]") {
  for (const NdiffsCase& c : NdiffsCases()) {
    INFO(c.name);
    const testing::ReferenceSeries s = testing::ReadSeries(c.name);
    const std::vector<double> train = s.Train();
    const int n = static_cast<int>(train.size());
    CHECK_THAT(KpssStatistic(train, KpssLags(n)), WithinRel(c.kpss_train, 1e-9));
    CHECK_THAT(KpssStatistic(Diff(train, 1), KpssLags(n - 1)), WithinRel(c.kpss_diff, 1e-9));
    CHECK(*NumDifferences(train) == c.ndiffs_train);
    const std::vector<double> dx = c.seasonal_d > 0 ? Diff(train, s.frequency) : train;
    CHECK(*NumDifferences(dx) == c.ndiffs_seasonally_differenced);
  }
}

TEST_CASE("ndiffs on simulated series", "[engine][unit_root]") {
  const std::vector<double> e = WhiteNoise(200, 7);
  CHECK(*NumDifferences(e) == 0);
  CHECK(*NumDifferences(Cumsum(e)) == 1);
  CHECK(*NumDifferences(Cumsum(Cumsum(e))) == 2);
  CHECK(*NumDifferences(Cumsum(Cumsum(e)), {.max_d = 1}) == 1);
  CHECK(*NumDifferences(Cumsum(Cumsum(Cumsum(e)))) == 2);  // max_d = 2 caps it.
}

TEST_CASE("ndiffs stops at a constant series as R does", "[engine][unit_root]") {
  CHECK(*NumDifferences(std::vector<double>(30, 4.0)) == 0);
  // A straight line differences once to a constant.
  std::vector<double> line;
  for (int t = 0; t < 30; ++t) line.push_back(2.0 + 0.5 * t);
  CHECK(*NumDifferences(line) == 1);
  CHECK(IsConstant(std::vector<double>{1.0, 1.0 + 1e-10, 1.0}));
  CHECK_FALSE(IsConstant(std::vector<double>{1.0, 1.0 + 1e-6, 1.0}));
  CHECK(NumDifferences(std::vector<double>{1.0, NAN}).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

TEST_CASE("KPSS p-value interpolates urca's table", "[engine][unit_root]") {
  CHECK(KpssPValue(0.1) == 0.10);
  CHECK(KpssPValue(5.0) == 0.01);
  CHECK_THAT(KpssPValue(0.463), WithinAbs(0.05, 1e-15));
  CHECK_THAT(KpssPValue((0.574 + 0.739) / 2), WithinAbs(0.0175, 1e-15));
  CHECK(KpssLags(100) == 2);
  CHECK(KpssLags(456) == 4);
}

}  // namespace
}  // namespace champion::engine::arima
