// PgRunManager::RunSync: a run submitted like any other, computed by the backtest pool (so it
// counts against the worker's parallelism), and waited for while its caller is there.

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "runs/change_signal.h"
#include "runs/pg_run_manager.h"
#include "runs/run_inputs.h"
#include "spdlog/spdlog.h"

namespace champion::runs {
namespace {

// How often the wait looks at its caller and at the run even without a notification.
constexpr absl::Duration kSyncPoll = absl::Milliseconds(100);

}  // namespace

absl::StatusOr<RunRecord> PgRunManager::RunSync(const SelectionSpec& spec,
                                                const CallerGone& caller_gone) {
  ASSIGN_OR_RETURN(const store::InsertOutcome inserted, Insert(spec));
  const std::string& selection_id = inserted.selection_id;
  if (inserted.created) pool_.Wake();  // the NOTIFY would too; this saves a round trip
  // The settle refits the champion and forecasts, as for every run.
  RETURN_IF_ERROR(AwaitSettled(selection_id, caller_gone));
  return Get(selection_id);
}

absl::Status PgRunManager::AwaitSettled(const std::string& selection_id,
                                        const CallerGone& caller_gone) {
  auto signal = std::make_shared<ChangeSignal>();
  std::unique_ptr<Subscription> subscription =
      hub_.Subscribe(selection_id, [signal] { signal->Notify(); });
  while (true) {
    ASSIGN_OR_RETURN(RunStatus status, options_.runs->GetRunStatus(selection_id));
    if (IsTerminal(status)) return absl::OkStatus();
    {
      absl::MutexLock lock(&mu_);
      if (stopped_) {
        return absl::UnavailableError(
            absl::StrCat("worker shutting down; run ", selection_id, " goes on elsewhere"));
      }
    }
    if (caller_gone && caller_gone()) {
      // Nothing should compute for a caller that left: cancel the run like CancelRun does.
      absl::StatusOr<store::CancelOutcome> cancelled = options_.runs->RequestCancel(selection_id);
      if (cancelled.ok()) registry_.CancelRun(selection_id);
      spdlog::info("run {}: its synchronous caller went away; {}", selection_id,
                   cancelled.ok() ? "cancelled" : std::string(cancelled.status().message()));
      return absl::CancelledError(
          absl::StrCat("the caller went away; run ", selection_id, " was cancelled"));
    }
    signal->WaitFor(kSyncPoll);
  }
}

}  // namespace champion::runs
