#include "runs/settle.h"

#include <optional>

#include "absl/status/status.h"
#include "common/status_macros.h"
#include "engine/backtest/intervals.h"
#include "runs/final_model.h"
#include "spdlog/spdlog.h"

namespace champion::runs {
namespace {

struct Champion {
  int input_index = 0;  //!< The winner's position among the run's candidates.
  FinalModel model;
};

// The champion of a run whose candidates are all terminal, refit with its forecast; nullopt
// when there is nothing to refit or the refit failed (logged).
std::optional<Champion> PrepareChampion(store::RunRepository& repository,
                                        const SeriesSource& series,
                                        const std::string& selection_id) {
  absl::StatusOr<RunRecord> run = repository.GetRun(selection_id);
  if (!run.ok() || IsTerminal(run->status)) return std::nullopt;
  for (const CandidateRecord& c : run->candidates) {
    if (!IsTerminal(c.status)) return std::nullopt;
  }
  absl::StatusOr<engine::SelectionOutcome> outcome = ComputeOutcome(*run);
  if (!outcome.ok() || outcome->winner() == nullptr) return std::nullopt;
  const engine::RankingEntry& winner = *outcome->winner();
  const auto index = static_cast<std::size_t>(winner.input_index);
  if (index >= run->candidates.size() || !run->candidates[index].result) return std::nullopt;
  absl::StatusOr<FinalModel> model = [&]() -> absl::StatusOr<FinalModel> {
    ASSIGN_OR_RETURN(const engine::Series window, series(run->spec));
    return FitChampion(window, winner, *run->candidates[index].result, CandidateBacktests(*run),
                       run->spec.forecast_horizon, run->spec.quantile_levels,
                       engine::NeverCancelled());
  }();
  if (!model.ok()) {
    spdlog::warn("run {}: champion {} not refit, settled without a forecast: {}", selection_id,
                 winner.model_type, std::string(model.status().message()));
    return std::nullopt;
  }
  return Champion{winner.input_index, *std::move(model)};
}

}  // namespace

std::vector<engine::CandidateBacktest> CandidateBacktests(const RunRecord& run) {
  std::vector<engine::CandidateBacktest> out;
  out.reserve(run.candidates.size());
  for (const CandidateRecord& c : run.candidates) {
    engine::CandidateBacktest b{c.model_type, c.params, absl::UnknownError("not run")};
    const std::string message = c.error_message.empty() ? "no result" : c.error_message;
    if (c.status == CandidateStatus::kCompleted && c.result) {
      b.result = *c.result;
    } else if (c.status == CandidateStatus::kCancelled) {
      b.result = absl::CancelledError(message);
    } else {
      b.result = absl::UnknownError(message);
    }
    out.push_back(std::move(b));
  }
  return out;
}

absl::StatusOr<engine::SelectionOutcome> ComputeOutcome(const RunRecord& run) {
  const std::vector<engine::CandidateBacktest> candidates = CandidateBacktests(run);
  engine::SettleInput input;
  input.candidates = candidates;
  input.ranking_metric = run.spec.ranking_metric;
  input.policy = run.spec.policy;
  if (run.availability) input.availability = *run.availability;
  return engine::SettleSelection(input);
}

absl::StatusOr<bool> SettleIfReady(store::RunRepository& repository, const SeriesSource& series,
                                   const std::string& selection_id, const std::string& settled_by,
                                   RunEvents& events) {
  const std::optional<Champion> champion = PrepareChampion(repository, series, selection_id);
  auto settle = [&champion](const RunRecord& run) -> absl::StatusOr<store::Settlement> {
    ASSIGN_OR_RETURN(engine::SelectionOutcome outcome, ComputeOutcome(run));
    store::Settlement settlement{.outcome = std::move(outcome), .final_model = std::nullopt};
    const engine::RankingEntry* winner = settlement.outcome.winner();
    if (champion && winner != nullptr && winner->input_index == champion->input_index &&
        winner->model_type == champion->model.model_type) {
      settlement.final_model = champion->model;
    }
    return settlement;
  };
  absl::StatusOr<bool> settled = repository.SettleRun(selection_id, settled_by, settle);
  if (settled.ok() && *settled) {
    // Settled is final: a failed read only costs the event, never the settle.
    absl::StatusOr<RunStatus> status = repository.GetRunStatus(selection_id);
    if (status.ok()) events.RunSettled(*status);
  }
  return settled;
}

}  // namespace champion::runs
