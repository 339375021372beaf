// PgRunRepository::RequestCancel: the cancel request of a run, from any replica.

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "store/pg_error.h"
#include "store/pg_run_repository.h"

namespace champion::store {
namespace {

// Locks the run row: a cancel and a settle of the same run never interleave.
constexpr std::string_view kLockRun = R"sql(
SELECT status FROM model_selection_run WHERE selection_id = :selection_id FOR UPDATE)sql";

constexpr std::string_view kMarkCancelRequested = R"sql(
UPDATE model_selection_run
SET cancel_requested_at = COALESCE(cancel_requested_at, now()), updated_at = now()
WHERE selection_id = :selection_id)sql";

// Pending candidates never start: the claim skips runs with a cancel request, and a claim
// that locked one first wins (this UPDATE then finds it running and leaves it to its worker).
constexpr std::string_view kCancelPending = R"sql(
UPDATE model_selection_candidate
SET status = 'cancelled', error_message = 'cancelled by request', error_type = 'CANCELLED',
    completed_at = now()
WHERE selection_id = :selection_id AND status = 'pending')sql";

constexpr std::string_view kCountRunning = R"sql(
SELECT count(*) FROM model_selection_candidate
WHERE selection_id = :selection_id AND status = 'running')sql";

constexpr std::string_view kNotifyCancel = R"sql(
SELECT pg_notify('selection_cancel', :selection_id),
       pg_notify('selection_progress', :selection_id))sql";

}  // namespace

absl::StatusOr<CancelOutcome> PgRunRepository::RequestCancel(const std::string& selection_id) {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("cancel run", [&]() -> absl::StatusOr<CancelOutcome> {
    soci::transaction tx(*sql);
    std::string current;
    *sql << kLockRun, soci::use(selection_id, "selection_id"), soci::into(current);
    if (!sql->got_data())
      return absl::NotFoundError(absl::StrCat("run ", selection_id, " not found"));
    const std::optional<runs::RunStatus> status = runs::ParseRunStatus(current);
    if (!status || runs::IsTerminal(*status)) {
      return absl::FailedPreconditionError(
          absl::StrCat("run ", selection_id, " is already ", current));
    }
    *sql << kMarkCancelRequested, soci::use(selection_id, "selection_id");
    soci::statement st = (sql->prepare << kCancelPending, soci::use(selection_id, "selection_id"));
    st.execute(true);
    CancelOutcome outcome;
    outcome.cancelled_pending = static_cast<int>(st.get_affected_rows());
    long long running = 0;
    *sql << kCountRunning, soci::use(selection_id, "selection_id"), soci::into(running);
    outcome.running = static_cast<int>(running);
    *sql << kNotifyCancel, soci::use(selection_id, "selection_id");
    tx.commit();
    return outcome;
  });
}

}  // namespace champion::store
