// Behaviour of auto_ets (engine/models/auto_ets.h) and its ETS kernels (engine/ets_*.h):
// hand-checked recursions, the admissibility test against an independent root finder,
// form selection on synthetic series, bounds, determinism and cancellation.

#include "engine/models/auto_ets.h"

#include <Eigen/Dense>
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <thread>

#include "engine/backtest/splitter.h"
#include "engine/kernels/ets_fit.h"
#include "engine/kernels/ets_kernel.h"
#include "engine/kernels/ets_select.h"
#include "engine/models/model_test_util.h"

namespace champion::engine {
namespace {

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using testing::FitForecast;
using V = std::vector<double>;

// level + weekly pattern + deterministic pseudo-noise; strictly positive.
V Weekly(int n, double amplitude, double noise, unsigned seed = 7) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> eps(0.0, noise);
  const double pattern[7] = {-3, -2, -1, 0, 1, 2, 3};
  V y;
  for (int i = 0; i < n; ++i) y.push_back(50 + amplitude * pattern[i % 7] + eps(rng));
  return y;
}

ets::FittedForm Select(const V& y, int period) {
  absl::StatusOr<ets::FittedForm> fit = ets::SelectForm(y, period, NeverCancelled());
  REQUIRE(fit.ok());
  return *fit;
}

TEST_CASE("ETS likelihood by hand", "[engine][models][auto_ets]") {
  const V y = {2, 3};
  ets::States s{.level = 1};
  const ets::Smoothing p{.alpha = 0.5};
  // ANN: yhat 1 then 1.5; errors 1 and 1.5.
  CHECK_THAT(ets::NegTwoLogLikelihood(y, {}, p, s), WithinRel(2 * std::log(3.25), 1e-12));
  CHECK_THAT(s.level, WithinRel(2.25, 1e-12));
  // MNN: relative errors 1 and 1; plus 2 * (log 1 + log 1.5).
  s = {.level = 1};
  const ets::Form mnn{.error = ets::ErrorKind::kMultiplicative};
  CHECK_THAT(ets::NegTwoLogLikelihood(y, mnn, p, s),
             WithinRel(2 * std::log(2.0) + 2 * std::log(1.5), 1e-12));
}

TEST_CASE("ETS point forecasts per form", "[engine][models][auto_ets]") {
  const ets::Smoothing p{.alpha = 0.5, .beta = 0.1, .gamma = 0.1, .phi = 0.9};
  const ets::States s{.level = 10, .trend = 1, .season = {0.5, -1, 2}};  // Newest first.
  const ets::Form damped{.trend = TrendKind::kDamped};
  const V f = ets::PointForecast(damped, p, s, 2);
  CHECK_THAT(f[0], WithinRel(10.9, 1e-12));
  CHECK_THAT(f[1], WithinRel(10 + 0.9 + 0.81, 1e-12));
  // Additive season: step 1 takes the oldest state (2), then -1, 0.5, then 2 again.
  const ets::Form ana{.season = SeasonKind::kAdditive, .period = 3};
  CHECK(ets::PointForecast(ana, p, s, 4) == V{12, 9, 10.5, 12});
  const ets::States ms{.level = 10, .season = {1.5, 0.5, 1.0}};
  const ets::Form mnm{
      .error = ets::ErrorKind::kMultiplicative, .season = SeasonKind::kMultiplicative, .period = 3};
  CHECK(ets::PointForecast(mnm, {.alpha = 0.5, .gamma = 0.1}, ms, 3) == V{10, 5, 15});
  CHECK(ets::FormName(mnm) == "ETS(M,N,M)");
  CHECK(ets::FormName(*ets::ParseFormName("ETS(A,Ad,A)", 7)) == "ETS(A,Ad,A)");
  CHECK_FALSE(ets::ParseFormName("ETS(M,M,N)", 7).has_value());
}

// Largest root modulus from the companion matrix (an independent root finder).
double MaxRoot(const ets::Smoothing& p, int m, bool trend) {
  const double a = p.alpha, b = trend ? p.beta : 0.0, g = p.gamma, phi = p.phi;
  std::vector<double> c = {phi * (1 - a - g), a + b - a * phi + g - 1};
  for (int i = 0; i < m - 2; ++i) c.push_back(a + b - a * phi);
  c.push_back(a + b - phi);
  const auto d = static_cast<Eigen::Index>(c.size());
  Eigen::MatrixXd companion = Eigen::MatrixXd::Zero(d, d);
  for (Eigen::Index j = 0; j < d; ++j) companion(0, j) = -c[static_cast<std::size_t>(d - 1 - j)];
  for (Eigen::Index i = 1; i < d; ++i) companion(i, i - 1) = 1.0;
  return Eigen::EigenSolver<Eigen::MatrixXd>(companion, false).eigenvalues().cwiseAbs().maxCoeff();
}

TEST_CASE("ETS admissibility agrees with the characteristic roots", "[engine][models][auto_ets]") {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int checked = 0;
  int rejected = 0;
  for (int trial = 0; trial < 1200; ++trial) {
    const int m = 2 + trial % 23;
    const bool trend = trial % 2 == 0;
    ets::Smoothing p{.alpha = unit(rng), .phi = trial % 3 == 0 ? 1.0 : 0.8 + 0.2 * unit(rng)};
    p.beta = trend ? unit(rng) * p.alpha : 0.0;
    p.gamma = unit(rng) * (1 - p.alpha) * 2;  // Also beyond the usual bound.
    const ets::Form f{.trend = trend ? TrendKind::kDamped : TrendKind::kNone,
                      .season = SeasonKind::kAdditive,
                      .period = m};
    // The easy tests first (as R); where they pass, the roots decide.
    const double d = 1 - 1 / p.phi - p.alpha;
    const bool easy =
        p.gamma >= std::max(d, 0.0) && p.gamma <= 1 + 1 / p.phi - p.alpha &&
        p.alpha >= 1 - 1 / p.phi - p.gamma * (1 - m + p.phi + p.phi * m) / (2 * p.phi * m) &&
        p.beta >= -(1 - p.phi) * (p.gamma / m + p.alpha);
    const double root = MaxRoot(p, m, trend);
    if (!easy || std::fabs(root - 1) < 1e-5) continue;  // Skip the tolerance band.
    INFO("m " << m << " alpha " << p.alpha << " beta " << p.beta << " gamma " << p.gamma << " phi "
              << p.phi << " max root " << root);
    CHECK(ets::Admissible(f, p) == (root < 1));
    ++checked;
    rejected += root < 1 ? 0 : 1;
  }
  CHECK(checked > 400);
  CHECK(rejected > 40);  // Both outcomes are exercised.
}

TEST_CASE("auto_ets picks a seasonal form for clear seasonality", "[engine][models][auto_ets]") {
  const ets::FittedForm fit = Select(Weekly(140, 3.0, 0.5), 7);
  INFO(ets::FormName(fit.form));
  CHECK(fit.form.season != SeasonKind::kNone);
  CHECK(fit.form.period == 7);
}

TEST_CASE("auto_ets picks a non-seasonal form without seasonality", "[engine][models][auto_ets]") {
  const ets::FittedForm fit = Select(Weekly(140, 0.0, 1.0), 7);
  INFO(ets::FormName(fit.form));
  CHECK(fit.form.season == SeasonKind::kNone);
}

TEST_CASE("auto_ets needs two full seasons for a seasonal form", "[engine][models][auto_ets]") {
  const V y = Weekly(13, 3.0, 0.1);
  for (const ets::Form& f : ets::CandidateForms(y, 7)) CHECK(f.season == SeasonKind::kNone);
  CHECK(Select(y, 7).form.season == SeasonKind::kNone);
  // 14 points = two seasons: the seasonal forms small enough for 14 points are tried.
  bool seasonal = false;
  for (const ets::Form& f : ets::CandidateForms(Weekly(14, 3.0, 0.1), 7)) {
    seasonal = seasonal || f.season != SeasonKind::kNone;
  }
  CHECK(seasonal);
  // Seasons of 1 (none) or > 24 (as R) are never seasonal.
  for (int m : {1, 25, 30}) {
    for (const ets::Form& f : ets::CandidateForms(Weekly(400, 3.0, 0.1), m)) {
      CHECK(f.season == SeasonKind::kNone);
    }
  }
}

TEST_CASE("auto_ets fits seasonal forms on fewer than three seasons",
          "[engine][models][auto_ets]") {
  // 2 <= n / m < 3: the start states come from the Fourier regression (as R's initstate).
  const ets::FittedForm fit = Select(Weekly(18, 3.0, 0.1), 7);
  INFO(ets::FormName(fit.form));
  CHECK(fit.form.season != SeasonKind::kNone);
  const V f = ets::PointForecast(fit.form, fit.smoothing, fit.final_states, 7);
  // Day 18 is position 4 (+1 * amplitude), day 20 position 6 (+3), day 21 position 0 (-3).
  CHECK(f[2] - f[3] > 4 * 3.0);
}

TEST_CASE("auto_ets tries R's default forms", "[engine][models][auto_ets]") {
  std::vector<std::string> names;
  for (const ets::Form& f : ets::CandidateForms(Weekly(140, 3.0, 0.5), 7)) {
    names.push_back(ets::FormName(f));
  }
  // 6 additive-error forms (no multiplicative season) + 9 multiplicative-error forms.
  CHECK(names == std::vector<std::string>{"ETS(A,N,N)", "ETS(A,N,A)", "ETS(A,Ad,N)", "ETS(A,A,N)",
                                          "ETS(A,Ad,A)", "ETS(A,A,A)", "ETS(M,N,N)", "ETS(M,N,A)",
                                          "ETS(M,N,M)", "ETS(M,Ad,N)", "ETS(M,A,N)", "ETS(M,Ad,A)",
                                          "ETS(M,A,A)", "ETS(M,Ad,M)", "ETS(M,A,M)"});
}

TEST_CASE("auto_ets uses only additive forms on non-positive data", "[engine][models][auto_ets]") {
  V y = Weekly(140, 3.0, 0.5);
  y[20] = 0.0;
  for (const ets::Form& f : ets::CandidateForms(y, 7)) {
    CHECK(f.error == ets::ErrorKind::kAdditive);
    CHECK(f.season != SeasonKind::kMultiplicative);
  }
  CHECK(Select(y, 7).form.error == ets::ErrorKind::kAdditive);
  const ets::Form mnn{.error = ets::ErrorKind::kMultiplicative};
  CHECK(ets::FitForm(y, mnn, NeverCancelled()).status().message() ==
        "ETS(M,N,N) needs strictly positive values");
}

TEST_CASE("auto_ets parameters stay within R's bounds", "[engine][models][auto_ets]") {
  const V y = Weekly(84, 3.0, 1.0);
  for (const ets::Form& f : ets::CandidateForms(y, 7)) {
    const ets::FittedForm fit = *ets::FitForm(y, f, NeverCancelled());
    const ets::Smoothing& p = fit.smoothing;
    INFO(ets::FormName(f) << " alpha " << p.alpha << " beta " << p.beta << " gamma " << p.gamma
                          << " phi " << p.phi);
    CHECK(p.alpha >= ets::kSmoothingMin);
    CHECK(p.alpha <= ets::kSmoothingMax);
    if (f.HasTrend()) CHECK((p.beta >= ets::kSmoothingMin && p.beta <= p.alpha));
    if (f.HasSeason()) CHECK((p.gamma >= ets::kSmoothingMin && p.gamma <= 1 - p.alpha));
    if (f.trend == TrendKind::kDamped) {
      CHECK((p.phi >= ets::kPhiMin && p.phi <= ets::kPhiMax));
    } else {
      CHECK(p.phi == 1.0);
    }
    CHECK(ets::Admissible(f, p));
    CHECK(std::isfinite(fit.aicc));
    CHECK(fit.parameter_count == ets::ParameterCount(f));
  }
}

// Weekly series with a gentle upward trend, strictly positive.
V TrendingWeekly(int n) {
  V y = Weekly(n, 3.0, 1.5, 5);
  for (int i = 0; i < n; ++i) y[i] += 0.02 * i;
  return y;
}

TEST_CASE("A warm start from a shorter prefix fits as well as a cold start",
          "[engine][models][auto_ets]") {
  const V y = TrendingWeekly(300);
  const std::span<const double> prefix(y.data(), 200);
  for (const ets::Form& f : ets::CandidateForms(y, 7)) {
    INFO(ets::FormName(f));
    const ets::FittedForm earlier = *ets::FitForm(prefix, f, NeverCancelled());
    // Every free parameter but the error variance.
    REQUIRE(earlier.coordinates.size() == static_cast<std::size_t>(ets::ParameterCount(f) - 1));
    const ets::FittedForm cold = *ets::FitForm(y, f, NeverCancelled());
    const ets::FittedForm warm = *ets::FitForm(y, f, NeverCancelled(), earlier.coordinates);
    // Both are local searches; the warm one must not land in a clearly worse optimum.
    CHECK(warm.neg2loglik <= cold.neg2loglik + 1e-3 * std::fabs(cold.neg2loglik));
    CHECK(ets::Admissible(f, warm.smoothing));
    CHECK(*ets::FitForm(y, f, NeverCancelled(), earlier.coordinates) == warm);  // Deterministic.
  }
}

TEST_CASE("A warm start of another shape is ignored", "[engine][models][auto_ets]") {
  const V y = TrendingWeekly(150);
  const ets::Form mam{.error = ets::ErrorKind::kMultiplicative,
                      .trend = TrendKind::kAdditive,
                      .season = SeasonKind::kMultiplicative,
                      .period = 7};
  const ets::FittedForm cold = *ets::FitForm(y, mam, NeverCancelled());
  const V wrong = {0.5, 40.0};  // ETS(A,N,N)'s coordinates: alpha, level.
  CHECK(*ets::FitForm(y, mam, NeverCancelled(), wrong) == cold);
}

TEST_CASE("auto_ets continues from the previous fold's fits", "[engine][models][auto_ets]") {
  const V y = TrendingWeekly(300);
  const std::vector<absl::CivilDay> days = testing::Days(300);
  AutoEtsModel previous(7);
  REQUIRE(previous
              .Fit({.y = std::span<const double>(y.data(), 200),
                    .dates = std::span<const absl::CivilDay>(days.data(), 200)},
                   NeverCancelled())
              .ok());
  AutoEtsModel cold(7);
  REQUIRE(cold.Fit({.y = y, .dates = days}, NeverCancelled()).ok());
  AutoEtsModel warm(7);
  warm.ContinueFrom(previous);
  REQUIRE(warm.Fit({.y = y, .dates = days}, NeverCancelled()).ok());
  CHECK(ets::FormName(warm.selected().form) == ets::FormName(cold.selected().form));
  CHECK(warm.selected().aicc <= cold.selected().aicc + 1e-3 * std::fabs(cold.selected().aicc));
  // The previous fit's optima were used: the result differs from the cold one in its digits.
  CHECK_FALSE(warm.selected() == cold.selected());
  // Another model type's fit carries nothing over.
  absl::StatusOr<std::unique_ptr<Forecaster>> naive = CreateForecaster("naive", {});
  REQUIRE(naive.ok());
  REQUIRE((*naive)->Fit({.y = y, .dates = days}, NeverCancelled()).ok());
  AutoEtsModel unrelated(7);
  unrelated.ContinueFrom(**naive);
  REQUIRE(unrelated.Fit({.y = y, .dates = days}, NeverCancelled()).ok());
  CHECK(unrelated.selected() == cold.selected());
}

// The daily demo series in tests/engine/cases (values only).
V DemoSeries() {
  std::ifstream in(std::filesystem::path(CHAMPION_ENGINE_CASES_DIR) /
                   "demo_store1_product1.series");
  V y;
  std::string line;
  bool values = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (values) y.push_back(std::stod(line));
    if (line == "values") values = true;
  }
  return y;
}

TEST_CASE("auto_ets reaches the optimum on daily demo sales", "[engine][models][auto_ets]") {
  // A weak polish once stopped several AICc points short on this series and chose another
  // form in two of these three folds. Searching again from every fit's optimum (scouts from
  // R's start and the optimum, then a fresh polish) must neither change the chosen form nor
  // lower its AICc by more than 0.5.
  const V y = DemoSeries();
  REQUIRE(y.size() == 721);
  const std::vector<Fold> folds = *MakeFolds(static_cast<int>(y.size()), SplitConfig{});
  std::vector<ets::FittedForm> previous;
  for (std::size_t k = 0; k < 3; ++k) {
    const std::span<const double> train(y.data(), folds[k].train_end);
    std::vector<ets::FittedForm> fits;
    const ets::FittedForm chosen = *ets::SelectForm(train, 7, NeverCancelled(), previous, &fits);
    std::optional<ets::FittedForm> best_again;
    for (const ets::FittedForm& fit : fits) {
      ets::FittedForm again = fit;
      for (int round = 0; round < 2; ++round) {
        const ets::FittedForm next =
            *ets::FitForm(train, fit.form, NeverCancelled(), again.coordinates);
        if (next.aicc < again.aicc) again = next;
      }
      if (!best_again || again.aicc < best_again->aicc) best_again = again;
      if (fit.form == chosen.form) {
        INFO("fold " << k << " " << ets::FormName(fit.form));
        CHECK(chosen.aicc - again.aicc <= 0.5);
      }
    }
    INFO("fold " << k << ": chosen " << ets::FormName(chosen.form) << " AICc " << chosen.aicc
                 << ", searching again gives " << ets::FormName(best_again->form) << " AICc "
                 << best_again->aicc);
    CHECK(best_again->form == chosen.form);
    previous = fits;
  }
}

TEST_CASE("auto_ets through the registry", "[engine][models][auto_ets]") {
  const V y = Weekly(84, 3.0, 0.2);
  const V f = *FitForecast("auto_ets", {}, y, 14);
  REQUIRE(f.size() == 14);
  // The weekly pattern continues: day 84 is position 0 (lowest), day 90 position 6 (highest).
  CHECK(f[6] - f[0] > 4 * 3.0);
  CHECK(*FitForecast("auto_ets", {}, y, 14) == f);                   // Deterministic.
  CHECK(*FitForecast("auto_ets", {}, V(20, 4.0), 3) == V{4, 4, 4});  // Constant series.
  CHECK(FitForecast("auto_ets", {}, V{1, 2, 3, 4}, 1).status().message() ==
        "auto_ets needs at least 5 points, got 4");
}

TEST_CASE("auto_ets is deterministic", "[engine][models][auto_ets]") {
  const V y = Weekly(120, 2.0, 1.5, 11);
  const ets::FittedForm a = Select(y, 7);
  const ets::FittedForm b = Select(y, 7);
  CHECK(ets::FormName(a.form) == ets::FormName(b.form));
  CHECK(a.smoothing.alpha == b.smoothing.alpha);
  CHECK(a.aicc == b.aicc);
  CHECK(a.final_states.season == b.final_states.season);
}

TEST_CASE("auto_ets stops promptly when cancelled", "[engine][models][auto_ets][cancel]") {
  CancelToken before;
  before.Cancel();
  CHECK(ets::SelectForm(Weekly(100, 3.0, 0.5), 7, before).status().code() ==
        absl::StatusCode::kCancelled);
  // Cancelled mid-fit from another thread: the optimiser sees it at its next evaluation.
  const V long_series = Weekly(5000, 3.0, 0.5);
  CancelToken token;
  std::chrono::steady_clock::time_point cancelled_at;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    cancelled_at = std::chrono::steady_clock::now();
    token.Cancel();
  });
  const absl::StatusOr<ets::FittedForm> fit = ets::SelectForm(long_series, 7, token);
  const auto returned_at = std::chrono::steady_clock::now();
  canceller.join();
  CHECK(fit.status().code() == absl::StatusCode::kCancelled);
  const auto lag =
      std::chrono::duration_cast<std::chrono::milliseconds>(returned_at - cancelled_at);
  CHECK(lag.count() < 250);  // One likelihood evaluation over 5000 points is far below this.
}

TEST_CASE("auto_ets and theta are available default candidates", "[engine][models][auto_ets]") {
  CHECK(CheckAvailable("auto_ets").ok());
  const std::vector<std::string> defaults = DefaultCandidateModelTypes();
  CHECK(std::find(defaults.begin(), defaults.end(), "auto_ets") != defaults.end());
  CHECK(std::find(defaults.begin(), defaults.end(), "theta") != defaults.end());
}

}  // namespace
}  // namespace champion::engine
