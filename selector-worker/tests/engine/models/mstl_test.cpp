// The mstl model against R's forecast::stlf(method = "ets") on the synthesised daily series
// of tools/r-reference (weekly and yearly seasonality), and its handling of short data.

#include "engine/models/mstl.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/backtest/metrics.h"
#include "engine/kernels/ets_kernel.h"
#include "engine/kernels/msts_reference.h"
#include "engine/models/auto_arima.h"
#include "engine/models/auto_ets.h"
#include "engine/models/model_test_util.h"
#include "engine/models/reference_data.h"

namespace champion::engine {
namespace {

using testing::Days;
using testing::ReadExpected;

// Hold-out MASE ours / R's. The decompositions agree to rounding (mstl_reference_test.cpp);
// what remains is the model of the adjusted series (ETS: our optimiser, ets_select.h).
constexpr double kMaseRatioMax = 1.05;
// Point forecasts relative to R's, when both choose the same ETS form or ARIMA order.
constexpr double kForecastRel = 1e-3;  // Seen: 2.3e-5 (daily_retail).

// The adjusted-series model's name as R prints it: the ETS form, or "p d q constant".
std::string AdjustedName(const MstlModel& model) {
  if (const auto* ets_model = dynamic_cast<const AutoEtsModel*>(&model.adjusted_model())) {
    return ets::FormName(ets_model->selected().form);
  }
  const auto& arima_model = dynamic_cast<const AutoArimaModel&>(model.adjusted_model());
  if (!arima_model.fit()) return "constant";
  const arima::ArimaSpec& spec = arima_model.fit()->spec;
  return absl::StrCat(spec.p, " ", spec.d, " ", spec.q, " ", spec.HasRegression() ? 1 : 0);
}

struct Method {
  AdjustedMethod method;
  std::string prefix;  // Of the .expected keys.
  std::string name_key;
  // Largest distance of our 80% bounds from R's, as a fraction of R's band: ARIMA's band is
  // analytic on both sides; ETS's is simulated (1000 paths in R) for multiplicative forms.
  double band_tolerance;
};

TEST_CASE("mstl forecasts the daily reference series as R's stlf", "[engine][reference][mstl]") {
  const Method methods[] = {{AdjustedMethod::kEts, "mstlf", "mstlf.ets_form", 0.1},
                            {AdjustedMethod::kArima, "mstlf_arima", "mstlf_arima.order", 0.01}};
  for (const Method& method : methods) {
    for (const std::string& name : testing::MstsNames()) {
      const testing::MstsSeries m = testing::ReadMsts(name);
      const testing::ReferenceExpected e = ReadExpected(name);
      const std::vector<double> train = m.series.Train();
      const std::vector<double> test = m.series.Test();
      const int h = m.series.horizon;
      MstlModel model(m.periods, method.method);
      REQUIRE(
          model.Fit({.y = train, .dates = Days(static_cast<int>(train.size()))}, NeverCancelled())
              .ok());
      CHECK(model.periods() == std::vector<int>{7, 365});
      const std::vector<double> ours = *model.Forecast({.dates = Days(h)}, NeverCancelled());
      const double our_mase = *Mase(test, ours, train, m.series.frequency);
      const double r_mase = e.Number(method.prefix + ".mase");
      std::string r_name = e.Text(method.name_key);
      if (method.method == AdjustedMethod::kArima) {
        r_name = absl::StrCat(absl::StrJoin(e.fields.at(method.name_key), " "), " ",
                              e.Text("mstlf_arima.constant"));
      }
      const std::string our_name = AdjustedName(model);
      std::printf("%s %s: R %s / ours %s, MASE R %.4f / ours %.4f, ratio %.4f\n",
                  method.prefix.c_str(), name.c_str(), r_name.c_str(), our_name.c_str(), r_mase,
                  our_mase, our_mase / r_mase);
      INFO(method.prefix << " " << name << " ours " << our_name << " R " << r_name);
      CHECK(our_mase <= kMaseRatioMax * r_mase);
      const std::vector<double> r = e.Numbers(method.prefix + ".forecast");
      if (our_name == r_name) {
        for (int i = 0; i < h; ++i)
          CHECK_THAT(ours[i], Catch::Matchers::WithinRel(r[i], kForecastRel));
      }
      // The 80% band: R's band of the adjusted series, shifted by the seasonal naive.
      const double levels[] = {0.1, 0.9};
      absl::StatusOr<std::optional<ForecastQuantiles>> q =
          model.Quantiles({.dates = Days(h)}, levels, NeverCancelled());
      REQUIRE(q.ok());
      REQUIRE(q->has_value());
      const std::vector<double> lower = e.Numbers(method.prefix + ".lower80");
      const std::vector<double> upper = e.Numbers(method.prefix + ".upper80");
      double band_gap = 0.0;
      for (int i = 0; i < h; ++i) {
        const double width = upper[i] - lower[i];
        band_gap = std::max({band_gap, std::abs((*q)->values[0][i] - lower[i]) / width,
                             std::abs((*q)->values[1][i] - upper[i]) / width});
      }
      std::printf("%s %s: largest 80%% bound gap to R %.3f of the band width\n",
                  method.prefix.c_str(), name.c_str(), band_gap);
      if (our_name == r_name) CHECK(band_gap <= method.band_tolerance);
    }
  }
}

TEST_CASE("mstl drops the periods the history cannot support", "[engine][mstl]") {
  std::vector<double> y;
  for (int t = 0; t < 100; ++t) y.push_back(50.0 + 0.2 * t + (t % 7 == 5 ? 12.0 : 0.0));
  MstlModel model(std::vector<int>{7, 365});
  REQUIRE(model.Fit({.y = y, .dates = Days(100)}, NeverCancelled()).ok());
  CHECK(model.periods() == std::vector<int>{7});
  const std::vector<double> f = *model.Forecast({.dates = Days(14, 100)}, NeverCancelled());
  // The weekly peak is carried into the forecast at the same weekday.
  auto step_at = [](int weekday) { return (weekday - 100 % 7 + 7) % 7; };
  CHECK(f[step_at(5)] > f[step_at(6)] + 6.0);

  SECTION("no period left: ETS on the data itself") {
    MstlModel short_model(std::vector<int>{7, 365});
    const std::vector<double> few(y.begin(), y.begin() + 12);
    REQUIRE(short_model.Fit({.y = few, .dates = Days(12)}, NeverCancelled()).ok());
    CHECK(short_model.periods().empty());
    CHECK(short_model.Forecast({.dates = Days(3, 12)}, NeverCancelled())->size() == 3);
  }
  SECTION("too short for any ETS form") {
    MstlModel tiny(std::vector<int>{7, 365});
    const std::vector<double> four(y.begin(), y.begin() + 4);
    CHECK(tiny.Fit({.y = four, .dates = Days(4)}, NeverCancelled()).code() ==
          absl::StatusCode::kInvalidArgument);
  }
}

TEST_CASE("mstl is registered with weekly and yearly periods", "[engine][mstl]") {
  std::vector<double> y;
  for (int t = 0; t < 60; ++t) y.push_back(20.0 + (t % 7 == 0 ? 5.0 : 0.0));
  absl::StatusOr<std::vector<double>> f = testing::FitForecast("mstl", Params{}, y, 7);
  REQUIRE(f.ok());
  CHECK(f->size() == 7);
  absl::StatusOr<std::vector<double>> with_arima =
      testing::FitForecast("mstl", Params{{"adjusted_model", std::string("arima")}}, y, 7);
  REQUIRE(with_arima.ok());
  CHECK(with_arima->size() == 7);
  CHECK(testing::FitForecast("mstl", Params{{"adjusted_model", std::string("prophet")}}, y, 7)
            .status()
            .code() == absl::StatusCode::kInvalidArgument);
  CancelToken token;
  token.Cancel();
  for (AdjustedMethod method : {AdjustedMethod::kEts, AdjustedMethod::kArima}) {
    MstlModel model(std::vector<int>{7, 365}, method);
    CHECK(model.Fit({.y = y, .dates = Days(60)}, token).code() == absl::StatusCode::kCancelled);
  }
}

}  // namespace
}  // namespace champion::engine
