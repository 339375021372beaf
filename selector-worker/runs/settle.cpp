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

// What the settler knows before its transaction: whether the run was ready to settle when it
// looked, and then its champion refit with the forecast (nullopt when there is nothing to
// refit or the refit failed, logged).
struct Preparation {
  bool ready = false;
  std::optional<Champion> champion;
};

Preparation PrepareChampion(store::RunRepository& repository, const SeriesSource& series,
                            const std::string& selection_id) {
  // Every finishing candidate asks; only the last one's question reads the results.
  absl::StatusOr<bool> ready = repository.ReadyToSettle(selection_id);
  if (!ready.ok() || !*ready) return {};
  absl::StatusOr<RunRecord> run = repository.GetRun(selection_id);
  if (!run.ok()) return {};
  Preparation out{.ready = true};
  absl::StatusOr<engine::SelectionOutcome> outcome = ComputeOutcome(*run);
  if (!outcome.ok() || outcome->winner() == nullptr) return out;
  const engine::RankingEntry& winner = *outcome->winner();
  const auto index = static_cast<std::size_t>(winner.input_index);
  if (index >= run->candidates.size() || !run->candidates[index].result) return out;
  absl::StatusOr<FinalModel> model = [&]() -> absl::StatusOr<FinalModel> {
    ASSIGN_OR_RETURN(const engine::Series window, series(run->spec));
    return FitChampion(window, winner, *run->candidates[index].result, CandidateBacktests(*run),
                       run->spec.forecast_horizon, run->spec.quantile_levels,
                       engine::NeverCancelled());
  }();
  if (!model.ok()) {
    spdlog::warn("run {}: champion {} not refit, settled without a forecast: {}", selection_id,
                 winner.model_type, std::string(model.status().message()));
    return out;
  }
  out.champion = Champion{winner.input_index, *std::move(model)};
  return out;
}

// The settle callback's answer when the run became ready after the settler looked: it rolls
// the transaction back so the settler prepares the champion and tries again.
constexpr char kBecameReady[] = "the run became ready to settle after the champion check";

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
  absl::StatusOr<bool> settled = false;
  // Twice at most: a second look always finds the run ready (or settled by someone else).
  for (int attempt = 0; attempt < 2; ++attempt) {
    const Preparation prepared = PrepareChampion(repository, series, selection_id);
    const bool may_retry = attempt == 0 && !prepared.ready;
    auto settle = [&](const RunRecord& run) -> absl::StatusOr<store::Settlement> {
      ASSIGN_OR_RETURN(engine::SelectionOutcome outcome, ComputeOutcome(run));
      store::Settlement settlement{.outcome = std::move(outcome), .final_model = std::nullopt};
      const engine::RankingEntry* winner = settlement.outcome.winner();
      if (winner != nullptr && may_retry) return absl::AbortedError(kBecameReady);
      const std::optional<Champion>& champion = prepared.champion;
      if (champion && winner != nullptr && winner->input_index == champion->input_index &&
          winner->model_type == champion->model.model_type) {
        settlement.final_model = champion->model;
      }
      return settlement;
    };
    settled = repository.SettleRun(selection_id, settled_by, settle);
    const bool became_ready = !settled.ok() &&
                              settled.status().code() == absl::StatusCode::kAborted &&
                              settled.status().message() == kBecameReady;
    if (!became_ready) break;
  }
  if (settled.ok() && *settled) {
    // Settled is final: a failed read only costs the event, never the settle.
    absl::StatusOr<RunStatus> status = repository.GetRunStatus(selection_id);
    if (status.ok()) events.RunSettled(*status);
  }
  return settled;
}

}  // namespace champion::runs
