#include "engine/selection/selection.h"

#include <vector>

namespace champion::engine {
namespace {

std::vector<RankingCandidate> ToRankingCandidates(std::span<const CandidateBacktest> candidates) {
  std::vector<RankingCandidate> out;
  out.reserve(candidates.size());
  for (const CandidateBacktest& c : candidates) {
    RankingCandidate rc{
        .model_type = c.model_type, .params = c.params, .status = c.result.status()};
    if (c.result.ok()) {
      rc.params = c.result->params;  // Resolved (defaults filled, ensemble members named).
      rc.metrics = c.result->metrics;
    }
    out.push_back(std::move(rc));
  }
  return out;
}

const BacktestResult* ResultOf(const RankingEntry* e, std::span<const CandidateBacktest> c) {
  if (e == nullptr || e->input_index >= static_cast<int>(c.size())) return nullptr;
  const CandidateBacktest& candidate = c[static_cast<std::size_t>(e->input_index)];
  return candidate.result.ok() ? &*candidate.result : nullptr;
}

std::optional<SignificanceReport> Compare(const Ranking& ranking,
                                          std::span<const CandidateBacktest> candidates) {
  const BacktestResult* w = ResultOf(ranking.Winner(), candidates);
  const BacktestResult* r = ResultOf(ranking.RunnerUp(), candidates);
  if (w == nullptr || r == nullptr || w->folds.empty()) return std::nullopt;
  const std::vector<double> ew = PooledErrors(*w);
  const std::vector<double> er = PooledErrors(*r);
  const int horizon = static_cast<int>(w->folds.front().actuals.size());
  absl::StatusOr<Significance> dm = DieboldMariano(ew, er, horizon);
  if (!dm.ok()) return std::nullopt;  // Unpaired or too few errors: no test, no reason.
  return SignificanceReport{.test = *dm,
                            .runner_up_model_type = ranking.RunnerUp()->model_type,
                            .sample_size = static_cast<int>(ew.size()),
                            .finding = SignificanceFinding(*dm)};
}

}  // namespace

SelectionOutcome SettleSelection(const SettleInput& input) {
  SelectionOutcome out;
  const std::vector<RankingCandidate> ranked = ToRankingCandidates(input.candidates);
  out.ranking = RankCandidates(ranked, input.ranking_metric, input.policy);
  out.significance = Compare(out.ranking, input.candidates);
  std::optional<Significance> test;
  if (out.significance) test = out.significance->test;
  out.confidence = AssessConfidence(out.ranking, input.availability.status, input.policy, test);
  out.chart_data = BuildChartData(out.ranking, input.candidates);
  out.business_summary =
      ExplainSelection(out.ranking, out.confidence, input.availability, input.candidates);
  return out;
}

}  // namespace champion::engine
