#include "engine/explain/charts.h"

#include <cmath>

namespace champion::engine {
namespace {

std::vector<FoldSeries> FoldsOf(const BacktestResult& r) {
  std::vector<FoldSeries> out;
  for (const FoldResult& f : r.folds) {
    out.push_back({.fold_index = f.fold.index,
                   .dates = f.dates,
                   .actuals = f.actuals,
                   .predictions = f.predictions});
  }
  return out;
}

// The backtest of an included entry. Included entries come from successful candidates, so
// the result is there whenever the ranking was built from `candidates`.
const BacktestResult* ResultOf(const RankingEntry& e, std::span<const CandidateBacktest> c) {
  if (e.input_index < 0 || e.input_index >= static_cast<int>(c.size())) return nullptr;
  const CandidateBacktest& candidate = c[static_cast<std::size_t>(e.input_index)];
  return candidate.result.ok() ? &*candidate.result : nullptr;
}

}  // namespace

double ChartFoldWape(const FoldResult& fold) {
  double total = 0.0;
  for (double a : fold.actuals) total += std::fabs(a);
  return total == 0.0 ? 0.0 : fold.metrics[Metric::kWape];
}

std::optional<ChartData> BuildChartData(const Ranking& ranking,
                                        std::span<const CandidateBacktest> candidates) {
  const RankingEntry* winner = ranking.Winner();
  if (winner == nullptr) return std::nullopt;
  ChartData charts;
  for (const RankingEntry& e : ranking.entries) {
    if (!e.included) continue;
    const bool is_winner = &e == winner;
    charts.wape_by_model.push_back({e.model_type, (*e.metrics)[Metric::kWape], is_winner});
    charts.bias_by_model.push_back({e.model_type, (*e.metrics)[Metric::kBias], is_winner});
    const BacktestResult* r = ResultOf(e, candidates);
    if (r == nullptr) continue;
    ModelFoldStability stability{.model_type = e.model_type};
    for (const FoldResult& f : r->folds) stability.wape_by_fold.push_back(ChartFoldWape(f));
    charts.fold_stability.push_back(std::move(stability));
    if (is_winner) charts.winner_actual_vs_predicted = FoldsOf(*r);
    charts.actual_vs_predicted.emplace(e.model_type, FoldsOf(*r));
  }
  return charts;
}

}  // namespace champion::engine
