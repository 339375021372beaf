#include "runs/settle.h"

#include "absl/status/status.h"

namespace champion::runs {

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

absl::StatusOr<bool> SettleIfReady(store::RunRepository& repository,
                                   const std::string& selection_id, const std::string& settled_by,
                                   RunEvents& events) {
  absl::StatusOr<bool> settled = repository.SettleRun(selection_id, settled_by, &ComputeOutcome);
  if (settled.ok() && *settled) {
    // Settled is final: a failed read only costs the event, never the settle.
    absl::StatusOr<RunStatus> status = repository.GetRunStatus(selection_id);
    if (status.ok()) events.RunSettled(*status);
  }
  return settled;
}

}  // namespace champion::runs
