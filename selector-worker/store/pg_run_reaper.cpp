// PgRunRepository::Reap: recovery of candidates whose worker died (expired leases) and of
// runs left unsettled.

#include <set>

#include "absl/status/status.h"
#include "common/status_macros.h"
#include "store/pg_error.h"
#include "store/pg_run_repository.h"

namespace champion::store {
namespace {

// An expired lease goes back to pending while attempts remain (attempt counts claims), is
// cancelled when its run has a cancel request, and otherwise fails as "worker lost". The SET
// expressions read the row as it was (PostgreSQL semantics), hence the repeated conditions.
// A slow-but-alive former holder then fails its compare-and-set write (lease_owner differs).
constexpr std::string_view kReapExpired = R"sql(
UPDATE model_selection_candidate c
SET status = CASE WHEN r.cancel_requested_at IS NOT NULL THEN 'cancelled'
                  WHEN c.attempt < :max_attempts THEN 'pending'
                  ELSE 'failed' END,
    error_message = CASE WHEN r.cancel_requested_at IS NOT NULL THEN 'cancelled by request'
                         WHEN c.attempt < :max_attempts THEN NULL
                         ELSE 'worker lost: lease expired after ' || c.attempt || ' attempt(s)' END,
    error_type = CASE WHEN r.cancel_requested_at IS NOT NULL THEN 'CANCELLED'
                      WHEN c.attempt < :max_attempts THEN NULL
                      ELSE 'WORKER_LOST' END,
    completed_at = CASE WHEN r.cancel_requested_at IS NULL AND c.attempt < :max_attempts
                        THEN NULL ELSE now() END,
    folds_done = CASE WHEN r.cancel_requested_at IS NULL AND c.attempt < :max_attempts
                      THEN 0 ELSE c.folds_done END,
    lease_owner = CASE WHEN r.cancel_requested_at IS NULL AND c.attempt < :max_attempts
                       THEN NULL ELSE c.lease_owner END,
    lease_expires_at = NULL
FROM model_selection_run r
WHERE r.selection_id = c.selection_id AND c.status = 'running' AND c.lease_expires_at < now()
RETURNING c.selection_id, c.status)sql";

constexpr std::string_view kRunsToSettle = R"sql(
SELECT r.selection_id FROM model_selection_run r
WHERE r.status IN ('pending', 'running')
  AND NOT EXISTS (SELECT 1 FROM model_selection_candidate c
                  WHERE c.selection_id = r.selection_id AND c.status IN ('pending', 'running'))
ORDER BY r.id)sql";

constexpr std::string_view kNotifyProgress = R"sql(
SELECT pg_notify('selection_progress', :selection_id))sql";

constexpr std::string_view kNotifyWork = R"sql(SELECT pg_notify('selection_work', 'reaper'))sql";

}  // namespace

absl::StatusOr<ReapOutcome> PgRunRepository::Reap(int max_attempts) {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("reap expired leases", [&]() -> absl::StatusOr<ReapOutcome> {
    ReapOutcome outcome;
    std::set<std::string> touched;
    {
      soci::transaction tx(*sql);
      soci::rowset<soci::row> rows =
          (sql->prepare << kReapExpired, soci::use(max_attempts, "max_attempts"));
      for (const soci::row& row : rows) {
        touched.insert(row.get<std::string>(0));
        const std::string status = row.get<std::string>(1);
        if (status == "pending") ++outcome.requeued;
        if (status == "failed") ++outcome.failed;
      }
      for (const std::string& selection_id : touched) {
        *sql << kNotifyProgress, soci::use(selection_id, "selection_id");
      }
      if (outcome.requeued > 0) *sql << kNotifyWork;
      tx.commit();
    }
    soci::rowset<std::string> ready = (sql->prepare << kRunsToSettle);
    for (const std::string& selection_id : ready) outcome.runs_to_settle.push_back(selection_id);
    return outcome;
  });
}

}  // namespace champion::store
