#pragma once

#include "store/run_repository.h"
#include "store/session_pool.h"

namespace champion::store {

//! RunRepository over PostgreSQL. Borrows `pool`, which must outlive it. Thread-safe.
//! Split by concern: pg_run_repository.cpp (insert, get, list, final model),
//! pg_candidate_queue.cpp (claim, leases, progress, terminal writes), pg_run_settle.cpp,
//! pg_run_cancel.cpp, pg_run_reaper.cpp; row mapping in pg_run_rows.cpp.
class PgRunRepository : public RunRepository {
 public:
  explicit PgRunRepository(SessionPool& pool) : pool_(pool) {}

  // RunRepository
  absl::StatusOr<InsertOutcome> InsertRun(const NewRun& run) override;
  absl::StatusOr<std::optional<ClaimedCandidate>> Claim(const std::string& owner,
                                                        absl::Duration lease) override;
  absl::StatusOr<std::vector<RenewedLease>> RenewLeases(const std::string& owner,
                                                        const std::vector<CandidateAttempt>& held,
                                                        absl::Duration lease) override;
  absl::StatusOr<bool> ReleaseCandidate(const CandidateAttempt& held,
                                        const std::string& owner) override;
  absl::StatusOr<bool> RecordProgress(const CandidateAttempt& held, const std::string& owner,
                                      int folds_done) override;
  absl::StatusOr<FinishOutcome> FinishCandidate(const CandidateAttempt& held,
                                                const std::string& owner,
                                                const CandidateOutcome& outcome) override;
  absl::StatusOr<bool> IsCancelRequested(const std::string& selection_id) override;
  absl::StatusOr<bool> SettleRun(const std::string& selection_id, const std::string& settled_by,
                                 const SettleFunction& settle) override;
  absl::StatusOr<CancelOutcome> RequestCancel(const std::string& selection_id) override;
  absl::StatusOr<ReapOutcome> Reap(int max_attempts, absl::Duration settle_grace) override;
  absl::StatusOr<runs::RunRecord> GetRun(const std::string& selection_id) override;
  absl::StatusOr<runs::RunStatus> GetRunStatus(const std::string& selection_id) override;
  absl::StatusOr<bool> ReadyToSettle(const std::string& selection_id) override;
  absl::StatusOr<runs::RunPage> ListRuns(const runs::RunFilter& filter) override;

 private:
  SessionPool& pool_;
};

}  // namespace champion::store
