// ETS prediction intervals against R forecast's forecast.ets (tools/r-reference, the
// ets_pi.* fields): for every form R fits to each reference series, the engine's forecast
// means and 80%/95% bounds from R's own smoothing parameters, final states and sigma2, so the
// interval formulas are compared apart from the fit. Classes 1, 2 and 3 are analytic in both
// and must agree to rounding; the README next to generate.R records the tolerances.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "engine/kernels/ets_fit.h"
#include "engine/kernels/ets_intervals.h"
#include "engine/models/reference_data.h"

namespace champion::engine::ets {
namespace {

using testing::ReadExpected;
using testing::ReadSeries;
using testing::ReferenceExpected;
using testing::ReferenceNames;
using testing::ReferenceSeries;

constexpr double kBoundRel = 1e-9;   // Means and bounds vs R's (relative).
constexpr double kStateRel = 1e-9;   // Our filter's final states from R's start vs R's.
constexpr double kSigma2Rel = 1e-9;  // SSE / (n - parameters) vs R's sigma2.

// "MAdM" -> ETS(M,Ad,M) with the series' period.
Form ParseCode(const std::string& code, int frequency) {
  Form f;
  f.error = code[0] == 'M' ? ErrorKind::kMultiplicative : ErrorKind::kAdditive;
  const std::string trend = code.substr(1, code.size() - 2);
  f.trend = trend == "Ad"  ? TrendKind::kDamped
            : trend == "A" ? TrendKind::kAdditive
                           : TrendKind::kNone;
  const char season = code.back();
  f.season = season == 'M'   ? SeasonKind::kMultiplicative
             : season == 'A' ? SeasonKind::kAdditive
                             : SeasonKind::kNone;
  f.period = f.HasSeason() ? frequency : 1;
  return f;
}

// R's order l, [b], s1..sm.
States ParseStates(const Form& f, const std::vector<double>& v) {
  States s;
  std::size_t i = 0;
  s.level = v[i++];
  if (f.HasTrend()) s.trend = v[i++];
  s.season.assign(v.begin() + static_cast<long>(i), v.end());
  return s;
}

double RelativeGap(double ours, double r) {
  return std::abs(ours - r) / std::max(std::abs(r), 1e-12);
}

TEST_CASE("ETS means and intervals equal forecast.ets's from R's fits",
          "[engine][reference][ets_intervals]") {
  std::map<IntervalClass, double> worst;  // Largest relative gap of a mean or bound per class.
  std::map<IntervalClass, int> forms;
  const std::vector<double> levels = {0.025, 0.1, 0.9, 0.975};
  const char* keys[] = {"lower95", "lower80", "upper80", "upper95"};
  for (const std::string& name : ReferenceNames()) {
    const ReferenceSeries series = ReadSeries(name);
    const ReferenceExpected e = ReadExpected(name);
    if (!e.fields.contains("ets_pi.forms")) continue;
    const std::vector<double> train = series.Train();
    for (const std::string& code : e.fields.at("ets_pi.forms")) {
      const std::string prefix = "ets_pi." + code + ".";
      const Form form = ParseCode(code, series.frequency);
      const std::vector<double> par = e.Numbers(prefix + "par");  // alpha beta gamma phi
      const auto or_default = [](double v, double d) { return std::isnan(v) ? d : v; };
      FittedForm fit;
      fit.form = form;
      fit.smoothing = {.alpha = par[0],
                       .beta = or_default(par[1], 0.0),
                       .gamma = or_default(par[2], 0.0),
                       .phi = or_default(par[3], 1.0)};
      fit.final_states = ParseStates(form, e.Numbers(prefix + "states"));
      fit.sigma2 = e.Number(prefix + "sigma2");
      const int h = static_cast<int>(e.Number(prefix + "h"));
      INFO(name << " " << FormName(form));

      // The fit's side: our filter from R's start states reaches R's final states, and our
      // sigma2 definition gives R's.
      States states = ParseStates(form, e.Numbers(prefix + "initstate"));
      double sse = 0.0;
      NegTwoLogLikelihood(train, form, fit.smoothing, states, &sse);
      CHECK_THAT(states.level, Catch::Matchers::WithinRel(fit.final_states.level, kStateRel));
      CHECK_THAT(states.trend, Catch::Matchers::WithinRel(fit.final_states.trend, kStateRel));
      for (std::size_t i = 0; i < states.season.size(); ++i) {
        CHECK_THAT(states.season[i],
                   Catch::Matchers::WithinRel(fit.final_states.season[i], kStateRel));
      }
      const int n = static_cast<int>(train.size());
      CHECK_THAT(sse / (n - (ParameterCount(form) - 1)),
                 Catch::Matchers::WithinRel(fit.sigma2, kSigma2Rel));

      // The interval side.
      const IntervalClass c = IntervalClassOf(form);
      REQUIRE(c != IntervalClass::kSimulated);  // R simulates none of the forms exported.
      ++forms[c];
      const std::vector<double> mean = ForecastMean(fit, h);
      const std::vector<double> r_mean = e.Numbers(prefix + "mean");
      absl::StatusOr<ForecastQuantiles> q = FormQuantiles(fit, h, levels, NeverCancelled());
      REQUIRE(q.ok());
      for (int step = 0; step < h; ++step) {
        INFO("step " << step + 1);
        CHECK_THAT(mean[step], Catch::Matchers::WithinRel(r_mean[step], kBoundRel));
        worst[c] = std::max(worst[c], RelativeGap(mean[step], r_mean[step]));
        for (std::size_t l = 0; l < levels.size(); ++l) {
          // Ours are floored at 0, as demand is.
          const double r = std::max(0.0, e.Numbers(prefix + keys[l])[step]);
          INFO(keys[l]);
          CHECK_THAT(q->values[l][step], Catch::Matchers::WithinRel(r, kBoundRel));
          worst[c] = std::max(worst[c], RelativeGap(q->values[l][step], r));
        }
      }
    }
  }
  CHECK(forms[IntervalClass::kClass1] >= 30);
  CHECK(forms[IntervalClass::kClass2] >= 30);
  CHECK(forms[IntervalClass::kClass3] >= 15);
  std::printf(
      "forecast.ets intervals: class 1 %d forms (largest relative gap %.1e), class 2 %d "
      "(%.1e), class 3 %d (%.1e)\n",
      forms[IntervalClass::kClass1], worst[IntervalClass::kClass1], forms[IntervalClass::kClass2],
      worst[IntervalClass::kClass2], forms[IntervalClass::kClass3], worst[IntervalClass::kClass3]);
}

}  // namespace
}  // namespace champion::engine::ets
