// Google Benchmark suites for the engine (docs/ENGINE.md section 9; docs/BENCHMARKS.md):
//   BM_FitForecast/<model>  one fit on the first n - 14 points of the 730-day synthetic series
//                           plus the 14-step forecast: the cost of a model per data point;
//   BM_FitForecastSparse/<model>  the same for the intermittent-demand models on the series
//                           with sales on about one day in four;
//   BM_Backtest/<model>     the candidate's whole rolling-origin backtest (5 expanding folds,
//                           min_train 30, horizon 14), as runs/ executes it, with its WAPE;
//   BM_DefaultSelection     the eight default candidates backtested one after another on one
//                           thread, then CombineEnsembles + SettleSelection: one selection run;
//   BM_Ensemble             CombineEnsemble (top 3, median) over the default candidates' folds.
// A model with a non-default option worth its own cost is registered again as <model>:<label>
// (ParamVariants, e.g. mstl:arima). Every catalog model is registered; one this build cannot run is
// reported as an error with the catalog's reason rather than left out. All timings are wall-clock
// (UseRealTime).
//
// Extra flags (handled here, before Google Benchmark's): --series_csv=PATH, --folds_csv=PATH
// and --features_csv=PATH write the series, its folds and the per-fold feature frames for the
// Python peer (tools/bench-peer/peer.py) and exit without running benchmarks.
// --series_seed=N (default 42) builds another synthetic series for both uses.

#include <benchmark/benchmark.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/backtest/backtest.h"
#include "engine/backtest/splitter.h"
#include "engine/cancel_token.h"
#include "engine/models/model.h"
#include "engine/models/model_catalog.h"
#include "engine/selection/ensemble.h"
#include "engine/selection/selection.h"
#include "engine/series/availability.h"
#include "engine/series/features.h"
#include "synthetic_series.h"

namespace champion::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kHorizon = 14;

// The default selection: the reference five plus auto_ets, theta and auto_arima. Named
// explicitly (not DefaultCandidateModelTypes(), which drops unavailable models) so a model
// that is missing from this build fails the benchmark instead of silently shrinking it.
constexpr std::array<std::string_view, 8> kDefaultSelection = {
    "naive",        "seasonal_naive", "moving_average", "regression",
    "prophet_like", "auto_ets",       "theta",          "auto_arima"};

// --series_seed (default 42, the recorded benchmark series); set before Data() is first used.
uint64_t series_seed = SyntheticSeriesOptions{}.seed;

const SyntheticSeries& Data() {
  // Built once, never mutated; benchmarks run on one thread.
  static const SyntheticSeries* const data =
      new SyntheticSeries(MakeRetailSeries({.seed = series_seed}));
  return *data;
}

const engine::Series& DenseData() { return Data().series; }

// The same series with sales on about one day in four (the others zero, a deterministic
// hash of the day's index picks them): intermittent demand, mean interval ~4 days.
const engine::Series& SparseData() {
  static const engine::Series* const sparse = [] {
    auto* s = new engine::Series(Data().series);
    for (std::size_t i = 0; i < s->values.size(); ++i) {
      if (((static_cast<uint32_t>(i) * 2654435761u) >> 16) % 4 != 0) s->values[i] = 0.0;
    }
    return s;
  }();
  return *sparse;
}

// docs/ENGINE.md defaults: expanding, 5 folds, min_train 30, gap 0, horizon 14.
engine::BacktestOptions DefaultOptions() {
  return {.split = engine::SplitConfig{.horizon = kHorizon}};
}

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Per-run counters from our own wall-clock total (Google Benchmark's elapsed time is not
// readable from the state): ms per model fit and ns per data point, plus items_processed so
// the console also shows the throughput in points per second.
void SetCostCounters(benchmark::State& state, double seconds, int fits_per_iteration,
                     int64_t points_per_iteration) {
  const auto iterations = static_cast<double>(state.iterations());
  if (iterations == 0) return;
  state.SetItemsProcessed(state.iterations() * points_per_iteration);
  state.counters["ms_per_fit"] = seconds * 1e3 / (iterations * fits_per_iteration);
  state.counters["ns_per_point"] =
      seconds * 1e9 / (iterations * static_cast<double>(points_per_iteration));
  state.counters["points"] = static_cast<double>(points_per_iteration);
}

// A model benchmarked with params other than its defaults, named <model>:<label>.
struct ParamVariant {
  std::string model_type;
  std::string label;
  engine::Params params;
};

std::vector<ParamVariant> ParamVariants() {
  return {{"mstl", "arima", {{"adjusted_model", std::string("arima")}}}};
}

// Params validation and availability, or the reason the benchmark cannot run.
absl::StatusOr<engine::Params> Runnable(const std::string& model_type,
                                        const engine::Params& asked) {
  absl::StatusOr<engine::Params> params = engine::ValidateParams(model_type, asked);
  if (!params.ok()) return params.status();
  if (absl::Status available = engine::CheckAvailable(model_type); !available.ok()) {
    return available;
  }
  return params;
}

absl::StatusOr<std::vector<double>> FitForecastOnce(const engine::ModelInfo& info,
                                                    const engine::Params& params,
                                                    const engine::Series& s, int train) {
  const std::span<const double> y(s.values);
  const std::span<const absl::CivilDay> dates(s.dates);
  engine::FeatureFrame train_frame;
  engine::FeatureFrame ahead_frame;
  engine::FitInput fit{.y = y.first(train), .dates = dates.first(train)};
  engine::ForecastInput ahead{.dates = dates.subspan(train)};
  if (info.feature_aware) {
    train_frame = engine::BuildFeatureFrame(s, 0, train, train);
    ahead_frame = engine::BuildFeatureFrame(s, train, s.size(), train);
    fit.features = &train_frame;
    ahead.features = &ahead_frame;
  }
  absl::StatusOr<std::unique_ptr<engine::Forecaster>> model =
      engine::CreateForecaster(info.model_type, params);
  if (!model.ok()) return model.status();
  if (absl::Status st = (*model)->Fit(fit, engine::NeverCancelled()); !st.ok()) return st;
  return (*model)->Forecast(ahead, engine::NeverCancelled());
}

void BM_FitForecast(benchmark::State& state, const std::string& model_type,
                    const engine::Series& (*series)(), const engine::Params& asked) {
  absl::StatusOr<engine::Params> params = Runnable(model_type, asked);
  if (!params.ok()) {
    state.SkipWithError(params.status().ToString().c_str());
    return;
  }
  const engine::ModelInfo& info = **engine::FindModel(model_type);
  const engine::Series& s = series();
  const int train = s.size() - kHorizon;
  double seconds = 0;
  for (auto _ : state) {
    const Clock::time_point start = Clock::now();
    absl::StatusOr<std::vector<double>> forecast = FitForecastOnce(info, *params, s, train);
    seconds += Seconds(start);
    if (!forecast.ok()) {
      state.SkipWithError(forecast.status().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(forecast->data());
  }
  SetCostCounters(state, seconds, 1, s.size());
}

void BM_Backtest(benchmark::State& state, const std::string& model_type,
                 const engine::Params& asked) {
  if (absl::StatusOr<engine::Params> params = Runnable(model_type, asked); !params.ok()) {
    state.SkipWithError(params.status().ToString().c_str());
    return;
  }
  const engine::Series& s = Data().series;
  const engine::BacktestOptions options = DefaultOptions();
  const std::vector<engine::Fold> folds = *engine::MakeFolds(s.size(), options.split);
  int64_t points = 0;  // Training rows fitted plus steps forecast, over all folds.
  for (const engine::Fold& f : folds) points += f.test_end - f.train_begin;
  double seconds = 0;
  double wape = std::numeric_limits<double>::quiet_NaN();
  double smape = wape;
  for (auto _ : state) {
    const Clock::time_point start = Clock::now();
    absl::StatusOr<engine::BacktestResult> result =
        engine::RunBacktest(s, model_type, asked, options, engine::NeverCancelled());
    seconds += Seconds(start);
    if (!result.ok()) {
      state.SkipWithError(result.status().ToString().c_str());
      break;
    }
    wape = result->metrics[engine::Metric::kWape].value;
    smape = result->metrics[engine::Metric::kSmape].value;
    benchmark::DoNotOptimize(result->folds.data());
  }
  SetCostCounters(state, seconds, static_cast<int>(folds.size()), points);
  state.counters["wape"] = wape;
  state.counters["smape"] = smape;
}

// The default candidates' backtests in input order, on the calling thread.
std::vector<engine::CandidateBacktest> BacktestDefaults(const engine::Series& s) {
  std::vector<engine::CandidateBacktest> candidates;
  candidates.reserve(kDefaultSelection.size());
  for (std::string_view type : kDefaultSelection) {
    engine::CandidateBacktest c{.model_type = std::string(type)};
    c.result = engine::RunBacktest(s, type, {}, DefaultOptions(), engine::NeverCancelled());
    candidates.push_back(std::move(c));
  }
  return candidates;
}

std::string FailedCandidates(const std::vector<engine::CandidateBacktest>& candidates) {
  std::vector<std::string> failed;
  for (const engine::CandidateBacktest& c : candidates) {
    if (!c.result.ok()) {
      failed.push_back(absl::StrCat(c.model_type, ": ", c.result.status().message()));
    }
  }
  return absl::StrJoin(failed, "; ");
}

void BM_DefaultSelection(benchmark::State& state) {
  const SyntheticSeries& data = Data();
  const engine::SeriesOptions series_options{.start_date = data.rows.front().date,
                                             .end_date = data.rows.back().date,
                                             .launch_date = data.launch_date};
  double seconds = 0;
  std::string label;
  for (auto _ : state) {
    const Clock::time_point start = Clock::now();
    // What one run does: prepare the window, availability, every candidate, settle.
    absl::StatusOr<engine::Series> series = engine::PrepareSeries(data.rows, series_options);
    absl::StatusOr<engine::Availability> availability =
        engine::ComputeAvailability(data.rows, engine::AvailabilityOptions{});
    if (!series.ok() || !availability.ok()) {
      state.SkipWithError("cannot prepare the synthetic series");
      break;
    }
    std::vector<engine::CandidateBacktest> candidates = BacktestDefaults(*series);
    const engine::RankingPolicy policy;
    engine::CombineEnsembles(candidates, series->values, engine::RankingMetric::kWape, policy);
    const engine::SelectionOutcome outcome = engine::SettleSelection(
        {.candidates = candidates, .policy = policy, .availability = *availability});
    seconds += Seconds(start);
    if (const std::string failed = FailedCandidates(candidates); !failed.empty()) {
      state.SkipWithError(absl::StrCat("candidates failed: ", failed).c_str());
      break;
    }
    const engine::RankingEntry* winner = outcome.winner();
    label = absl::StrCat("winner=", winner ? winner->model_type : "none",
                         " confidence=", engine::ConfidenceLevelName(outcome.confidence.level));
    benchmark::DoNotOptimize(outcome.ranking.entries.data());
  }
  const std::vector<engine::Fold> folds =
      *engine::MakeFolds(data.series.size(), DefaultOptions().split);
  int64_t points = 0;
  for (const engine::Fold& f : folds) points += f.test_end - f.train_begin;
  const int candidates = static_cast<int>(kDefaultSelection.size());
  SetCostCounters(state, seconds, candidates * static_cast<int>(folds.size()), points * candidates);
  state.counters["candidates"] = candidates;
  state.SetLabel(label);
}

void BM_Ensemble(benchmark::State& state) {
  if (absl::StatusOr<engine::Params> params = Runnable("ensemble", {}); !params.ok()) {
    state.SkipWithError(params.status().ToString().c_str());
    return;
  }
  const engine::Series& s = Data().series;
  // The members' backtests are inputs here, computed once: the ensemble never refits.
  static const std::vector<engine::CandidateBacktest>* const others =
      new std::vector<engine::CandidateBacktest>(BacktestDefaults(s));
  const engine::RankingPolicy policy;
  double seconds = 0;
  double wape = std::numeric_limits<double>::quiet_NaN();
  int64_t points = 0;
  for (auto _ : state) {
    const Clock::time_point start = Clock::now();
    absl::StatusOr<engine::BacktestResult> result =
        engine::CombineEnsemble({}, *others, s.values, engine::RankingMetric::kWape, policy);
    seconds += Seconds(start);
    if (!result.ok()) {
      state.SkipWithError(result.status().ToString().c_str());
      break;
    }
    wape = result->metrics[engine::Metric::kWape].value;
    points = result->metrics.sample_size;
    benchmark::DoNotOptimize(result->folds.data());
  }
  if (points > 0) SetCostCounters(state, seconds, 1, points);
  state.counters["wape"] = wape;
}

void RegisterAll() {
  std::vector<std::string> types;
  for (const engine::ModelInfo& info : engine::ModelCatalog()) {
    // The ensemble is no Forecaster: it combines other candidates (BM_Ensemble).
    if (info.family != engine::ModelFamily::kEnsemble) types.push_back(info.model_type);
  }
  for (const std::string& type : types) {
    benchmark::RegisterBenchmark(("BM_FitForecast/" + type).c_str(), BM_FitForecast, type,
                                 DenseData, engine::Params{})
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
  }
  for (const ParamVariant& v : ParamVariants()) {
    benchmark::RegisterBenchmark(("BM_FitForecast/" + v.model_type + ":" + v.label).c_str(),
                                 BM_FitForecast, v.model_type, DenseData, v.params)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
  }
  // The intermittent family again where it is meant to run: imapa's cost grows with the
  // mean interval between sales.
  for (const std::string& type : engine::IntermittentDemandModelTypes()) {
    benchmark::RegisterBenchmark(("BM_FitForecastSparse/" + type).c_str(), BM_FitForecast, type,
                                 SparseData, engine::Params{})
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
  }
  for (const std::string& type : types) {
    benchmark::RegisterBenchmark(("BM_Backtest/" + type).c_str(), BM_Backtest, type,
                                 engine::Params{})
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  for (const ParamVariant& v : ParamVariants()) {
    benchmark::RegisterBenchmark(("BM_Backtest/" + v.model_type + ":" + v.label).c_str(),
                                 BM_Backtest, v.model_type, v.params)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  benchmark::RegisterBenchmark("BM_DefaultSelection", BM_DefaultSelection)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_Ensemble", BM_Ensemble)
      ->Unit(benchmark::kMicrosecond)
      ->UseRealTime();
}

// Removes --name=VALUE from argv (so Google Benchmark does not reject it) and returns VALUE.
std::string TakeFlag(int& argc, char** argv, std::string_view name) {
  const std::string prefix = absl::StrCat("--", std::string(name), "=");
  std::string value;
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg(argv[i]);
    if (arg.starts_with(prefix)) {
      value = std::string(arg.substr(prefix.size()));
    } else {
      argv[out++] = argv[i];
    }
  }
  argc = out;
  return value;
}

// Writes the requested CSV files; returns the process exit code.
int WriteCsvFiles(const std::string& series_csv, const std::string& folds_csv,
                  const std::string& features_csv) {
  const SyntheticSeries& data = Data();
  const std::vector<engine::Fold> folds =
      *engine::MakeFolds(data.series.size(), DefaultOptions().split);
  absl::Status status;
  if (!series_csv.empty()) status.Update(WriteSeriesCsv(data, series_csv));
  if (!folds_csv.empty()) status.Update(WriteFoldsCsv(folds, folds_csv));
  if (!features_csv.empty()) status.Update(WriteFeaturesCsv(data.series, folds, features_csv));
  if (!status.ok()) {
    std::fprintf(stderr, "engine_bench: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace champion::bench

int main(int argc, char** argv) {
  using champion::bench::TakeFlag;
  const std::string series_csv = TakeFlag(argc, argv, "series_csv");
  const std::string folds_csv = TakeFlag(argc, argv, "folds_csv");
  const std::string features_csv = TakeFlag(argc, argv, "features_csv");
  if (const std::string seed = TakeFlag(argc, argv, "series_seed"); !seed.empty()) {
    if (!absl::SimpleAtoi(seed, &champion::bench::series_seed)) {
      std::fprintf(stderr, "engine_bench: --series_seed must be a non-negative integer, got %s\n",
                   seed.c_str());
      return 2;
    }
  }
  if (!series_csv.empty() || !folds_csv.empty() || !features_csv.empty()) {
    return champion::bench::WriteCsvFiles(series_csv, folds_csv, features_csv);
  }
  champion::bench::RegisterAll();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
