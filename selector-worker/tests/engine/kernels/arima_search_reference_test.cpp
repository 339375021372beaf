// The stepwise ARIMA order search against R's forecast::auto.arima(train) on the series of
// tools/r-reference: given R's d and D (auto_arima.order), the search should choose R's p,
// q, P, Q and constant, and forecast the holdout about as well (MASE).

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "engine/backtest/metrics.h"
#include "engine/kernels/arima.h"
#include "engine/kernels/arima_search.h"
#include "engine/models/reference_data.h"

namespace champion::engine::arima {
namespace {

using testing::ReadExpected;
using testing::ReadSeries;
using testing::ReferenceExpected;
using testing::ReferenceNames;
using testing::ReferenceSeries;

std::string OrderText(const ArimaSpec& s) {
  char text[96];
  std::snprintf(text, sizeof(text), "(%d,%d,%d)(%d,%d,%d)[%d]%s", s.p, s.d, s.q, s.seasonal_p,
                s.seasonal_d, s.seasonal_q, s.period,
                s.HasMean() ? " mean" : (s.include_drift ? " drift" : ""));
  return text;
}

ArimaSpec RSpec(const ReferenceExpected& e) {
  const std::vector<double> o = e.Numbers("auto_arima.order");
  return {.p = static_cast<int>(o[0]),
          .d = static_cast<int>(o[1]),
          .q = static_cast<int>(o[2]),
          .seasonal_p = static_cast<int>(o[3]),
          .seasonal_d = static_cast<int>(o[4]),
          .seasonal_q = static_cast<int>(o[5]),
          .period = static_cast<int>(o[6]),
          .include_mean = e.Number("auto_arima.constant") == 1,
          .include_drift = e.Number("auto_arima.drift") == 1};
}

// How many candidate models R's stepwise search fits: the model lines of
// auto.arima(train, trace = TRUE) before any "re-fitting" (R 4.2.2, forecast 8.20). The same
// count means the same path; each of the 234 criteria was also compared with the trace
// (equal to its 7 printed digits, and the same models rejected).
const std::map<std::string, int>& RModelCounts() {
  static const std::map<std::string, int> counts = {
      {"AirPassengers", 11}, {"BJsales", 18},     {"JohnsonJohnson", 11}, {"Nile", 18},
      {"UKgas", 28},         {"USAccDeaths", 12}, {"WWWusage", 14},       {"austres", 14},
      {"co2", 28},           {"ldeaths", 23},     {"lynx", 14},           {"nottem", 27},
      {"sunspot.year", 16}};
  return counts;
}

TEST_CASE("ARIMA stepwise search chooses R's auto.arima orders",
          "[engine][reference][arima_search]") {
  int matches = 0;
  int total = 0;
  std::vector<double> mase_ratios;
  for (const std::string& name : ReferenceNames()) {
    const ReferenceSeries s = ReadSeries(name);
    const ReferenceExpected e = ReadExpected(name);
    const ArimaSpec r = RSpec(e);
    INFO(name);
    const std::vector<double> train = s.Train();
    const absl::StatusOr<ArimaSearchResult> found =
        SearchArima(train, s.frequency, r.d, r.seasonal_d, {}, NeverCancelled());
    REQUIRE(found.ok());
    const ArimaSpec& ours = found->fit.spec;
    const bool same = ours.p == r.p && ours.q == r.q && ours.seasonal_p == r.seasonal_p &&
                      ours.seasonal_q == r.seasonal_q && ours.HasMean() == r.HasMean() &&
                      ours.include_drift == r.include_drift;
    ++total;
    if (same) ++matches;
    const absl::StatusOr<ArimaForecast> f = ForecastArima(found->fit, s.horizon);
    REQUIRE(f.ok());
    const double mase = *Mase(s.Test(), f->mean, train, s.frequency);
    const double r_mase = e.Number("auto_arima.mase");
    mase_ratios.push_back(mase / r_mase);
    // Mismatches are printed with both criteria (our AICc is that of our choice).
    if (!same) {
      std::printf("%s: R %s AICc %.4f MASE %.4f; ours %s AICc %.4f MASE %.4f (%d models%s)\n",
                  name.c_str(), OrderText(r).c_str(), e.Number("auto_arima.aicc"), r_mase,
                  OrderText(ours).c_str(), found->fit.aicc, mase, found->models_fitted,
                  found->approximation ? ", approximation" : "");
    }
    CHECK(found->models_fitted == RModelCounts().at(name));
    if (same) {
      CHECK_THAT(found->fit.aicc, Catch::Matchers::WithinRel(e.Number("auto_arima.aicc"), 1e-6));
    }
  }
  std::sort(mase_ratios.begin(), mase_ratios.end());
  const double median = mase_ratios[mase_ratios.size() / 2];
  std::printf("orders matching R: %d of %d; median MASE ratio (ours / R) %.4f\n", matches, total,
              median);
  CHECK(matches >= 11);
  CHECK(median <= 1.02);
}

}  // namespace
}  // namespace champion::engine::arima
