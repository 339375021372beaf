// Does choosing pay? (docs/ACCURACY.md). On each R reference series, hold out the last
// `horizon` points, backtest the default candidates on the rest (expanding folds of the
// hold-out's length), let the ranking pick a champion, refit it on the whole training part and
// score its hold-out forecast by MASE (seasonal scale at the series' frequency). Compared with
// R's ets() on the same hold-out, with every single candidate, and with the best candidate in
// hindsight. A report, not a check: run it with
//   build/dev/selector-worker/tests/engine/champion_engine_test "[.accuracy]" -s
// and copy the table into docs/ACCURACY.md.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <map>

#include "engine/backtest/backtest.h"
#include "engine/backtest/intervals.h"
#include "engine/backtest/metrics.h"
#include "engine/models/model_catalog.h"
#include "engine/models/model_test_util.h"
#include "engine/models/reference_data.h"
#include "engine/selection/ranking.h"

namespace champion::engine {
namespace {

using testing::Days;
using testing::ReadExpected;
using testing::ReadSeries;
using testing::ReferenceNames;
using testing::ReferenceSeries;

struct Candidate {
  std::string label;
  std::string model_type;
  Params params;
};

// The default candidates a run preselects, less the feature-aware ones (the reference series
// have no calendar, price or promotion data), with the series' frequency as season length.
std::vector<Candidate> Candidates(int m) {
  std::vector<Candidate> out;
  for (const std::string& type : DefaultCandidateModelTypes()) {
    const ModelInfo& info = **FindModel(type);
    if (info.feature_aware) continue;
    Params params;
    for (const ParamSpec& p : info.param_schema) {
      if (p.name == "season_length") params[p.name] = static_cast<double>(m);
    }
    out.push_back({.label = type, .model_type = type, .params = params});
  }
  return out;
}

Series MakeSeries(const std::vector<double>& values) {
  Series s;
  s.dates = Days(static_cast<int>(values.size()));
  s.values = values;
  s.unit_prices.assign(values.size(), std::nullopt);
  s.promo_active.assign(values.size(), false);
  s.is_holiday.assign(values.size(), false);
  s.imputed.assign(values.size(), false);
  return s;
}

// Expanding folds with the hold-out's length: as many as fit (up to 5) after a first
// training window of at least two seasons and 10 points.
std::optional<SplitConfig> Split(int n, int horizon, int m) {
  const int min_train = std::max(10, 2 * m);
  for (int folds = 5; folds >= 1; --folds) {
    if (min_train + folds * horizon <= n) {
      return SplitConfig{.n_splits = folds, .min_train_size = min_train, .horizon = horizon};
    }
  }
  return std::nullopt;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double GeometricMean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += std::log(x);
  return std::exp(sum / static_cast<double>(v.size()));
}

TEST_CASE("accuracy report: champion against R's ets and every candidate", "[.accuracy]") {
  const std::vector<Metric> selection_metrics = {Metric::kWape, Metric::kMae, Metric::kRmse};
  std::map<std::string, std::vector<double>> mase;  // column -> per-series hold-out MASE
  int interval_points = 0;
  int interval_hits = 0;
  std::printf("| series | n | h | m | R ets | R auto.arima | ");
  for (Metric metric : selection_metrics) std::printf("champion by %s | ", MetricLabel(metric));
  std::printf(
      "top 3 mean | top 3 inverse-WAPE | best in hindsight |\n"
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const std::string& name : ReferenceNames()) {
    const ReferenceSeries s = ReadSeries(name);
    const std::vector<double> train = s.Train();
    const int m = s.frequency;
    const std::optional<SplitConfig> split = Split(static_cast<int>(train.size()), s.horizon, m);
    if (!split) continue;
    const Series series = MakeSeries(train);
    std::vector<RankingCandidate> ranked;
    std::map<std::string, double> holdout;                 // candidate label -> hold-out MASE
    std::map<std::string, std::vector<double>> forecasts;  // candidate label -> hold-out forecast
    std::map<std::string, BacktestResult> backtests;
    const std::vector<Candidate> candidates = Candidates(m);
    for (const Candidate& c : candidates) {
      RankingCandidate rc{.model_type = c.label};
      absl::StatusOr<Params> params = ValidateParams(c.model_type, c.params);
      absl::StatusOr<BacktestResult> backtest =
          RunBacktest(series, c.model_type, *params, {.split = *split}, NeverCancelled());
      rc.status = backtest.status();
      if (backtest.ok()) {
        rc.metrics = backtest->metrics;
        backtests[c.label] = *backtest;
      }
      ranked.push_back(rc);
      absl::StatusOr<std::vector<double>> f =
          testing::FitForecast(c.model_type, c.params, train, s.horizon);
      if (f.ok()) {
        holdout[c.label] = *Mase(s.Test(), *f, train, m);
        forecasts[c.label] = *f;
      }
    }
    const double r_ets = ReadExpected(name).Number("ets.mase");
    const double r_arima = ReadExpected(name).Number("auto_arima.mase");
    std::printf("| %s | %zu | %d | %d | %.3f | %.3f | ", name.c_str(), train.size(), s.horizon, m,
                r_ets, r_arima);
    mase["R ets"].push_back(r_ets);
    mase["R auto.arima"].push_back(r_arima);
    for (Metric metric : selection_metrics) {
      const Ranking ranking = RankCandidates(ranked, metric, {});
      const RankingEntry* winner = ranking.Winner();
      if (winner == nullptr) continue;
      const double v = holdout.at(winner->model_type);
      mase[std::string("champion by ") + MetricLabel(metric)].push_back(v);
      std::printf("%.3f (%s) | ", v, winner->model_type.c_str());
    }
    // The top three by WAPE combined: their forecasts' mean, and weighted by inverse WAPE.
    const Ranking by_wape = RankCandidates(ranked, Metric::kWape, {});
    std::vector<double> mean(s.horizon, 0.0), weighted(s.horizon, 0.0);
    double weights = 0.0;
    int k = 0;
    for (const RankingEntry& e : by_wape.entries) {
      if (!e.included || k == 3) continue;
      const double w = 1.0 / (*e.metrics)[Metric::kWape];
      for (int h = 0; h < s.horizon; ++h) {
        mean[h] += forecasts.at(e.model_type)[h];
        weighted[h] += w * forecasts.at(e.model_type)[h];
      }
      weights += w;
      ++k;
    }
    for (int h = 0; h < s.horizon; ++h) {
      mean[h] /= k;
      weighted[h] /= weights;
    }
    const double mean_mase = *Mase(s.Test(), mean, train, m);
    const double weighted_mase = *Mase(s.Test(), weighted, train, m);
    mase["top 3 by WAPE, mean"].push_back(mean_mase);
    mase["top 3 by WAPE, inverse-WAPE weights"].push_back(weighted_mase);
    std::printf("%.3f | %.3f | ", mean_mase, weighted_mase);
    // The champion's (by WAPE) P10-P90 as a run gives it: the model's own where it defines
    // one, else conformal from its backtest. Hold-out points inside.
    if (const RankingEntry* w = by_wape.Winner()) {
      const std::vector<double> levels = {0.1, 0.9};
      const Candidate& c =
          *std::find_if(candidates.begin(), candidates.end(),
                        [&](const Candidate& x) { return x.label == w->model_type; });
      absl::StatusOr<std::optional<ForecastQuantiles>> own =
          testing::FitQuantiles(c.model_type, c.params, train, s.horizon, levels);
      absl::StatusOr<ForecastQuantiles> q =
          own.ok() && own->has_value() ? absl::StatusOr<ForecastQuantiles>(**own)
                                       : ConformalQuantiles(backtests.at(w->model_type),
                                                            forecasts.at(w->model_type), levels);
      const std::vector<double> test = s.Test();
      for (std::size_t h = 0; q.ok() && h < test.size(); ++h) {
        ++interval_points;
        interval_hits += test[h] >= q->values[0][h] && test[h] <= q->values[1][h];
      }
    }
    double best = INFINITY;
    std::string best_label;
    for (const auto& [label, v] : holdout) {
      mase[label].push_back(v);
      if (v < best) best = v, best_label = label;
    }
    mase["best in hindsight"].push_back(best);
    std::printf("%.3f (%s) |\n", best, best_label.c_str());
  }
  std::printf("\n| forecaster | median MASE | geometric mean of MASE / R ets |\n|---|---:|---:|\n");
  for (const auto& [label, values] : mase) {
    if (values.size() != mase["R ets"].size()) continue;  // a candidate that failed somewhere
    std::vector<double> ratios;
    for (std::size_t i = 0; i < values.size(); ++i) ratios.push_back(values[i] / mase["R ets"][i]);
    std::printf("| %s | %.3f | %.3f |\n", label.c_str(), Median(values), GeometricMean(ratios));
  }
  std::printf("\nThe champion's P10-P90 interval holds %d of %d hold-out points (%.1f %%).\n",
              interval_hits, interval_points, 100.0 * interval_hits / interval_points);
  CHECK(!mase["R ets"].empty());
}

}  // namespace
}  // namespace champion::engine
