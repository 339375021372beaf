#pragma once

// A RunRepository that forwards every call to another one (usually a PgRunRepository), so a
// test can override a single method to inject a failure, e.g. an outage of terminal writes.

#include "store/run_repository.h"

namespace champion::fakes {

class ForwardingRunRepository : public store::RunRepository {
 public:
  explicit ForwardingRunRepository(store::RunRepository& target) : target_(target) {}

  absl::StatusOr<store::InsertOutcome> InsertRun(const store::NewRun& run) override {
    return target_.InsertRun(run);
  }
  absl::StatusOr<std::optional<store::ClaimedCandidate>> Claim(const std::string& owner,
                                                               absl::Duration lease) override {
    return target_.Claim(owner, lease);
  }
  absl::StatusOr<std::vector<store::RenewedLease>> RenewLeases(
      const std::string& owner, const std::vector<store::CandidateAttempt>& held,
      absl::Duration lease) override {
    return target_.RenewLeases(owner, held, lease);
  }
  absl::StatusOr<bool> ReleaseCandidate(const store::CandidateAttempt& held,
                                        const std::string& owner) override {
    return target_.ReleaseCandidate(held, owner);
  }
  absl::StatusOr<bool> RecordProgress(const store::CandidateAttempt& held, const std::string& owner,
                                      int folds_done) override {
    return target_.RecordProgress(held, owner, folds_done);
  }
  absl::StatusOr<store::FinishOutcome> FinishCandidate(
      const store::CandidateAttempt& held, const std::string& owner,
      const store::CandidateOutcome& outcome) override {
    return target_.FinishCandidate(held, owner, outcome);
  }
  absl::StatusOr<bool> IsCancelRequested(const std::string& selection_id) override {
    return target_.IsCancelRequested(selection_id);
  }
  absl::StatusOr<bool> SettleRun(const std::string& selection_id, const std::string& settled_by,
                                 const store::SettleFunction& settle) override {
    return target_.SettleRun(selection_id, settled_by, settle);
  }
  absl::StatusOr<store::CancelOutcome> RequestCancel(const std::string& selection_id) override {
    return target_.RequestCancel(selection_id);
  }
  absl::StatusOr<store::ReapOutcome> Reap(int max_attempts, absl::Duration settle_grace) override {
    return target_.Reap(max_attempts, settle_grace);
  }
  absl::StatusOr<runs::RunRecord> GetRun(const std::string& selection_id) override {
    return target_.GetRun(selection_id);
  }
  absl::StatusOr<runs::RunStatus> GetRunStatus(const std::string& selection_id) override {
    return target_.GetRunStatus(selection_id);
  }
  absl::StatusOr<bool> ReadyToSettle(const std::string& selection_id) override {
    return target_.ReadyToSettle(selection_id);
  }
  absl::StatusOr<runs::RunPage> ListRuns(const runs::RunFilter& filter) override {
    return target_.ListRuns(filter);
  }

 private:
  store::RunRepository& target_;
};

}  // namespace champion::fakes
