// PgRunManager::Cancel: the cancel request, then the drain until the run is terminal.

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/status_macros.h"
#include "runs/change_signal.h"
#include "runs/pg_run_manager.h"
#include "runs/settle.h"
#include "spdlog/spdlog.h"

namespace champion::runs {
namespace {

// Re-read the status at least this often while draining, so a missed NOTIFY costs little.
constexpr absl::Duration kDrainPoll = absl::Milliseconds(50);

}  // namespace

absl::StatusOr<RunRecord> PgRunManager::Cancel(const std::string& selection_id) {
  const absl::Time requested_at = absl::Now();
  const absl::Time deadline = requested_at + options_.cancel_drain_timeout;
  auto signal = std::make_shared<ChangeSignal>();
  std::unique_ptr<Subscription> subscription =
      hub_.Subscribe(selection_id, [signal] { signal->Notify(); });
  ASSIGN_OR_RETURN(store::CancelOutcome requested, options_.runs->RequestCancel(selection_id));
  // This worker's candidates stop at once; other workers hear NOTIFY selection_cancel.
  registry_.CancelRun(selection_id);
  if (requested.running == 0) {
    absl::StatusOr<bool> settled =
        SettleIfReady(*options_.runs, SeriesFrom(*options_.sales, *options_.catalog), selection_id,
                      options_.worker_id, *options_.events);
    if (!settled.ok()) return settled.status();
  }
  while (true) {
    ASSIGN_OR_RETURN(RunStatus status, options_.runs->GetRunStatus(selection_id));
    if (IsTerminal(status)) {
      options_.events->CancelSettled(absl::Now() - requested_at);
      return Get(selection_id);
    }
    const absl::Time now = absl::Now();
    if (now >= deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("run ", selection_id, " is still draining after ",
                       absl::FormatDuration(options_.cancel_drain_timeout),
                       "; the cancel proceeds in the background"));
    }
    signal->WaitFor(std::min(deadline - now, kDrainPoll));
  }
}

}  // namespace champion::runs
