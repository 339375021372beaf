// The fixed-order ARIMA kernel against R's forecast::Arima (method "CSS-ML") on the series
// of tools/r-reference: R's auto.arima choice refitted (arima.*) and a few fixed orders per
// series (arima.fixed.<id>.*). tools/r-reference/README.md explains each tolerance.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/backtest/metrics.h"
#include "engine/kernels/arima.h"
#include "engine/models/reference_data.h"

namespace champion::engine::arima {
namespace {

using testing::ReadExpected;
using testing::ReadSeries;
using testing::ReferenceExpected;
using testing::ReferenceNames;
using testing::ReferenceSeries;

// Tolerances, with the largest gap seen over the 96 fits compared (README.md): loglik and
// AICc 8.4e-9 relative; ARMA coefficients 2e-5 absolute; forecasts 1.7e-5 and standard
// errors 2.4e-6 relative (all ldeaths ARIMA(2,0,2): a flat likelihood where the same BFGS
// path ends a little differently after rounding).
constexpr double kLoglikRel = 1e-7;      // loglik, AICc.
constexpr double kCoefAbs = 2e-4;        // ARMA coefficients.
constexpr double kRegressionRel = 1e-4;  // Intercept or drift.
constexpr double kForecastRel = 1e-4;    // Means and standard errors.
constexpr double kSigma2Rel = 1e-4;      // Seen: 1.6e-5 (same fit).
constexpr double kMaseRel = 1e-4;

ArimaSpec SpecFrom(const ReferenceExpected& e, const std::string& prefix) {
  const std::vector<double> o = e.Numbers(prefix + ".order");
  const int m = static_cast<int>(o[6]);
  ArimaSpec spec{.p = static_cast<int>(o[0]),
                 .d = static_cast<int>(o[1]),
                 .q = static_cast<int>(o[2]),
                 .seasonal_p = static_cast<int>(o[3]),
                 .seasonal_d = static_cast<int>(o[4]),
                 .seasonal_q = static_cast<int>(o[5]),
                 .period = m,
                 .include_mean = e.Number(prefix + ".constant") == 1,
                 .include_drift = e.Number(prefix + ".drift") == 1};
  return spec;
}

// Where R's BFGS and ours (the same algorithm, different rounding) leave the same
// likelihood at different points. austres ARIMA(2,0,2) with mean: R walks to a double unit
// root (ar = 1.99998, -0.99998) at loglik -302.500; we stop at ar = 1.99799, -0.99799 with
// loglik -300.565, which R's own likelihood confirms at our coefficients (arima(fixed =))
// -- a better maximum, with another forecast. Checked: ours is at least as good as R's.
bool KnownOptimiserDivergence(const std::string& name, const std::string& prefix) {
  return name == "austres" && prefix == "arima.fixed.arma22_mean";
}

// One comparison: fits `spec` to the training data and checks it against R's `prefix.*`.
void CheckAgainstR(const ReferenceSeries& s, const ReferenceExpected& e, const ArimaSpec& spec,
                   const std::string& prefix, bool print = false) {
  const std::vector<double> train = s.Train();
  absl::StatusOr<ArimaFit> fit = FitArima(train, spec, NeverCancelled());
  if (std::isnan(e.Number(prefix + ".loglik"))) {
    // R cannot fit this model (a non-stationary CSS estimate): neither can we.
    INFO(s.name << " " << prefix << ": R fails; ours: " << fit.status());
    CHECK(fit.status().code() == absl::StatusCode::kInvalidArgument);
    return;
  }
  REQUIRE(fit.ok());
  const double r_loglik = e.Number(prefix + ".loglik");
  if (KnownOptimiserDivergence(s.name, prefix)) {
    CHECK(fit->loglik >= r_loglik);
    return;
  }
  CHECK_THAT(fit->loglik, Catch::Matchers::WithinRel(r_loglik, kLoglikRel));
  CHECK_THAT(fit->aicc, Catch::Matchers::WithinRel(e.Number(prefix + ".aicc"), kLoglikRel));
  const std::vector<double> coef = e.Numbers(prefix + ".coef");
  REQUIRE(coef.size() == fit->coef.size());
  double coef_gap = 0.0;
  for (std::size_t i = 0; i < coef.size(); ++i) {
    if (!(spec.HasRegression() && i + 1 == coef.size())) {
      coef_gap = std::max(coef_gap, std::abs(fit->coef[i] - coef[i]));
    }
    INFO("coef " << i << " R " << coef[i] << " ours " << fit->coef[i]);
    const bool regression = spec.HasRegression() && i + 1 == coef.size();
    if (regression) {
      CHECK_THAT(fit->coef[i], Catch::Matchers::WithinRel(coef[i], kRegressionRel));
    } else {
      CHECK_THAT(fit->coef[i], Catch::Matchers::WithinAbs(coef[i], kCoefAbs));
    }
  }
  CHECK_THAT(fit->sigma2, Catch::Matchers::WithinRel(e.Number(prefix + ".sigma2"), kSigma2Rel));
  const absl::StatusOr<ArimaForecast> f = ForecastArima(*fit, s.horizon);
  REQUIRE(f.ok());
  const std::vector<double> mean = e.Numbers(prefix + ".forecast");
  const std::vector<double> se = e.Numbers(prefix + ".se");
  double mean_gap = 0.0;
  double se_gap = 0.0;
  for (int h = 0; h < s.horizon; ++h) {
    mean_gap = std::max(mean_gap, std::abs(f->mean[h] / mean[h] - 1));
    se_gap = std::max(se_gap, std::abs(f->se[h] / se[h] - 1));
    INFO("h " << h + 1 << " mean R " << mean[h] << " ours " << f->mean[h] << " se R " << se[h]
              << " ours " << f->se[h]);
    CHECK_THAT(f->mean[h], Catch::Matchers::WithinRel(mean[h], kForecastRel));
    CHECK_THAT(f->se[h], Catch::Matchers::WithinRel(se[h], kForecastRel));
  }
  const double mase = *Mase(s.Test(), f->mean, train, s.frequency);
  CHECK_THAT(mase, Catch::Matchers::WithinRel(e.Number(prefix + ".mase"), kMaseRel));
  if (print) {
    std::printf(
        "| %s | %s | %.4f / %.4f | %.2e | %.4f / %.4f | %.1e | %.1e | %.1e | %.3f / %.3f |\n",
        s.name.c_str(), prefix.c_str(), r_loglik, fit->loglik, std::abs(fit->loglik / r_loglik - 1),
        e.Number(prefix + ".aicc"), fit->aicc, coef_gap, mean_gap, se_gap,
        e.Number(prefix + ".mase"), mase);
  }
}

TEST_CASE("ARIMA kernel matches R's Arima on auto.arima's orders", "[engine][reference][arima]") {
  for (const std::string& name : ReferenceNames()) {
    const ReferenceSeries s = ReadSeries(name);
    const ReferenceExpected e = ReadExpected(name);
    INFO(name);
    CheckAgainstR(s, e, SpecFrom(e, "auto_arima"), "arima");
  }
}

TEST_CASE("ARIMA kernel matches R's Arima on fixed orders", "[engine][reference][arima]") {
  for (const std::string& name : ReferenceNames()) {
    const ReferenceSeries s = ReadSeries(name);
    const ReferenceExpected e = ReadExpected(name);
    for (const auto& [key, values] : e.fields) {
      const std::string suffix = ".order";
      if (key.rfind("arima.fixed.", 0) != 0 || !key.ends_with(suffix)) continue;
      const std::string prefix = key.substr(0, key.size() - suffix.size());
      INFO(name << " " << prefix);
      CheckAgainstR(s, e, SpecFrom(e, prefix), prefix);
    }
  }
}

}  // namespace
}  // namespace champion::engine::arima

namespace champion::engine::arima {
namespace {

// The per-series table quoted in tools/r-reference/README.md (hidden: it only prints).
TEST_CASE("ARIMA kernel vs R table", "[.arima_table]") {
  for (const std::string& name : ReferenceNames()) {
    const ReferenceSeries s = ReadSeries(name);
    const ReferenceExpected e = ReadExpected(name);
    CheckAgainstR(s, e, SpecFrom(e, "auto_arima"), "arima", true);
    for (const auto& [key, values] : e.fields) {
      const std::string suffix = ".order";
      if (key.rfind("arima.fixed.", 0) != 0 || !key.ends_with(suffix)) continue;
      const std::string prefix = key.substr(0, key.size() - suffix.size());
      CheckAgainstR(s, e, SpecFrom(e, prefix), prefix, true);
    }
  }
}

}  // namespace
}  // namespace champion::engine::arima
