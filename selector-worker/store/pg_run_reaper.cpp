// PgRunRepository::Reap: recovery of candidates whose worker died (expired leases) and of
// runs left unsettled.

#include <set>

#include "absl/status/status.h"
#include "common/status_macros.h"
#include "store/pg_error.h"
#include "store/pg_run_repository.h"

namespace champion::store {
namespace {

// An expired lease goes back to pending while attempts remain (claims not handed back), is
// cancelled when its run has a cancel request, and otherwise fails as "worker lost". A
// slow-but-alive former holder then fails its compare-and-set writes: the candidate is no
// longer running, or running under a newer attempt.
constexpr std::string_view kReapExpired = R"sql(
WITH expired AS (
  SELECT c.candidate_id,
         CASE WHEN r.cancel_requested_at IS NOT NULL THEN 'cancelled'
              WHEN c.attempt - c.released_attempts < :max_attempts THEN 'pending'
              ELSE 'failed' END AS next_status,
         c.attempt - c.released_attempts AS attempts_used
  FROM model_selection_candidate c
  JOIN model_selection_run r ON r.selection_id = c.selection_id
  WHERE c.status = 'running' AND c.lease_expires_at < now()
  FOR UPDATE OF c)
UPDATE model_selection_candidate c
SET status = e.next_status,
    error_message = CASE e.next_status
                      WHEN 'cancelled' THEN 'cancelled by request'
                      WHEN 'failed' THEN 'worker lost: lease expired after '
                                         || e.attempts_used || ' attempt(s)' END,
    error_type = CASE e.next_status WHEN 'cancelled' THEN 'CANCELLED'
                                    WHEN 'failed' THEN 'WORKER_LOST' END,
    completed_at = CASE WHEN e.next_status = 'pending' THEN NULL ELSE now() END,
    folds_done = CASE WHEN e.next_status = 'pending' THEN 0 ELSE c.folds_done END,
    lease_owner = CASE WHEN e.next_status = 'pending' THEN NULL ELSE c.lease_owner END,
    lease_expires_at = NULL
FROM expired e
WHERE c.candidate_id = e.candidate_id
RETURNING c.selection_id, c.status)sql";

// Runs ready to settle, and whether a candidate of theirs ended within the grace (its worker
// is settling the run: the refit of the champion can take a while).
constexpr std::string_view kRunsToSettle = R"sql(
SELECT r.selection_id,
       CASE WHEN EXISTS (SELECT 1 FROM model_selection_candidate c
                         WHERE c.selection_id = r.selection_id
                           AND c.completed_at > now() - make_interval(secs => :grace_seconds))
            THEN 1 ELSE 0 END
FROM model_selection_run r
WHERE r.status IN ('pending', 'running')
  AND NOT EXISTS (SELECT 1 FROM model_selection_candidate c
                  WHERE c.selection_id = r.selection_id AND c.status IN ('pending', 'running'))
ORDER BY r.id)sql";

constexpr std::string_view kNotifyProgress = R"sql(
SELECT pg_notify('selection_progress', :selection_id))sql";

constexpr std::string_view kNotifyWork = R"sql(SELECT pg_notify('selection_work', 'reaper'))sql";

}  // namespace

absl::StatusOr<ReapOutcome> PgRunRepository::Reap(int max_attempts, absl::Duration settle_grace) {
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
    const double grace_seconds = absl::ToDoubleSeconds(settle_grace);
    soci::rowset<soci::row> ready =
        (sql->prepare << kRunsToSettle, soci::use(grace_seconds, "grace_seconds"));
    for (const soci::row& row : ready) {
      const std::string selection_id = row.get<std::string>(0);
      const bool ended_lately = row.get<int>(1) == 1;
      // A run whose candidates this reap just ended has no other settler.
      if (!ended_lately || touched.count(selection_id) > 0) {
        outcome.runs_to_settle.push_back(selection_id);
      }
    }
    return outcome;
  });
}

}  // namespace champion::store
