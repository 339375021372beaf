// PgRunManager::RunSync: a run executed on the calling thread, as the worker holding its
// candidates' leases (a crash mid-run is recovered by the reaper like any other).

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/model_catalog.h"
#include "runs/final_model.h"
#include "runs/pg_run_manager.h"
#include "runs/run_inputs.h"
#include "runs/settle.h"
#include "spdlog/spdlog.h"

namespace champion::runs {
namespace {

bool IsEnsemble(const std::string& model_type) {
  absl::StatusOr<const engine::ModelInfo*> info = engine::FindModel(model_type);
  return info.ok() && (*info)->family == engine::ModelFamily::kEnsemble;
}

}  // namespace

absl::StatusOr<RunRecord> PgRunManager::RunSync(const SelectionSpec& spec) {
  // The candidates' leases run from the insert's commit, which is after this instant.
  const absl::Time lease_until = absl::Now() + options_.lease_duration;
  ASSIGN_OR_RETURN(const store::InsertOutcome inserted, Insert(spec, true));
  const std::string& selection_id = inserted.selection_id;
  // A repeated request_id names a run this call does not hold: answer it as it stands.
  if (!inserted.created) return Get(selection_id);
  ASSIGN_OR_RETURN(RunRecord run, Get(selection_id));
  std::vector<const CandidateRecord*> order;
  for (const CandidateRecord& c : run.candidates) order.push_back(&c);
  // Ensembles combine the others' results, so they go last (stable: ordinal order otherwise).
  std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
    return !IsEnsemble(a->model_type) && IsEnsemble(b->model_type);
  });
  std::vector<std::pair<const CandidateRecord*, std::shared_ptr<engine::CancelToken>>> held;
  for (const CandidateRecord* c : order) {
    if (c->status != CandidateStatus::kRunning) continue;
    held.emplace_back(c,
                      registry_.Register({c->candidate_id, c->attempt}, selection_id, lease_until));
  }
  for (const auto& [c, token] : held) {
    const store::CandidateAttempt attempt{c->candidate_id, c->attempt};
    absl::StatusOr<bool> started = options_.runs->MarkStarted(attempt, owner_);
    if (!started.ok() || !*started) {
      registry_.Unregister(attempt);  // lost (or DB away): the reaper recovers it
      continue;
    }
    store::ClaimedCandidate claimed{c->candidate_id, selection_id, c->ordinal,     c->model_type,
                                    c->params,       c->attempt,   c->folds_total, run.spec};
    executor_.Execute(claimed, token);  // on Stop(), gives the candidate back to the queue
  }
  {
    absl::MutexLock lock(&mu_);
    if (stopped_)
      return absl::UnavailableError("worker shutting down; the run continues elsewhere");
  }
  absl::StatusOr<bool> settled = SettleIfReady(*options_.runs, selection_id, options_.worker_id);
  if (!settled.ok()) return settled.status();
  if (run.spec.auto_train_winner) TrainFinalModel(selection_id);
  return Get(selection_id);
}

void PgRunManager::TrainFinalModel(const std::string& selection_id) {
  absl::StatusOr<RunRecord> run = Get(selection_id);
  if (!run.ok() || !run->outcome || run->outcome->winner() == nullptr) return;
  absl::Status status = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(engine::Series series,
                     LoadSeries(run->spec, *options_.sales, *options_.catalog));
    const int horizon = run->spec.auto_predict ? run->spec.forecast_horizon : 0;
    ASSIGN_OR_RETURN(FinalModel model, FitFinalModel(series, *run->outcome->winner(), horizon,
                                                     engine::NeverCancelled()));
    return options_.runs->SaveFinalModel(selection_id, model);
  }();
  if (!status.ok()) {
    spdlog::warn("run {}: final model not trained: {}", selection_id,
                 std::string(status.message()));
  }
}

}  // namespace champion::runs
