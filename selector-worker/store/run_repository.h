#pragma once

// The durable model-selection queue (docs/ARCHITECTURE.md "How a run executes"): runs and their
// candidates, claims with leases, compare-and-set terminal writes, settle, cancel and the
// reaper. Implemented by PgRunRepository; value types only (no proto, no SQL here).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/backtest/backtest.h"
#include "engine/selection/selection.h"
#include "runs/run_types.h"

namespace champion::store {

//! What InsertRun writes. `spec` has its window resolved.
struct NewRun {
  std::string selection_id;  //!< 32 lowercase hex digits.
  runs::SelectionSpec spec;
  //! The request as the client sent it (canonical text, before defaults are resolved): a
  //! repeated request_id is the original run only when this is the same.
  std::string fingerprint;
  std::optional<engine::Availability> availability;
  //! Non-empty: the run is recorded failed with this message and no candidates.
  std::string failure_message;
  //! Planned folds per candidate (same length as spec.candidates; missing entries are 0).
  std::vector<int> folds_total;
  //! Stage per candidate (missing entries are 0): a candidate is claimed only once every
  //! candidate of a lower stage of its run is terminal.
  std::vector<int> stages;
};

struct InsertOutcome {
  std::string selection_id;  //!< The new run, or the original one for a repeated request_id.
  bool created = false;      //!< false: the request_id was already used.
};

//! One claim of a candidate: the fencing token of every write its holder makes. Each claim
//! gets the next attempt number (never reused), so a stale attempt (its lease expired and the
//! candidate was claimed again, even by the same process) matches no row and writes nothing.
struct CandidateAttempt {
  std::string candidate_id;
  int attempt = 0;

  friend bool operator==(const CandidateAttempt&, const CandidateAttempt&) = default;
  friend auto operator<=>(const CandidateAttempt&, const CandidateAttempt&) = default;
};

//! A candidate this worker now holds, with its run's request.
struct ClaimedCandidate {
  std::string candidate_id;
  std::string selection_id;
  int ordinal = 0;
  std::string model_type;
  engine::Params params;
  int attempt = 0;  //!< Claims so far, this one included: the fencing token.
  int folds_total = 0;
  runs::SelectionSpec spec;  //!< The run's request (window resolved).

  CandidateAttempt Attempt() const { return {candidate_id, attempt}; }
};

//! A terminal candidate write.
struct CandidateOutcome {
  runs::CandidateStatus status = runs::CandidateStatus::kCompleted;  //!< Terminal only.
  std::optional<engine::BacktestResult> result;                      //!< completed only.
  std::string error_message;                                         //!< failed / cancelled.
  std::string error_type;  //!< absl code name, e.g. "INVALID_ARGUMENT", "CANCELLED".
  int64_t duration_ms = 0;
};

struct FinishOutcome {
  bool written = false;  //!< false: the lease was lost (result discarded).
  int unfinished = 0;    //!< Candidates of the run still pending or running after the write.
};

struct RenewedLease {
  CandidateAttempt held;
  std::string selection_id;
  bool cancel_requested = false;  //!< The run has a cancel request.
};

struct CancelOutcome {
  int cancelled_pending = 0;  //!< Pending candidates marked cancelled by this call.
  int running = 0;            //!< Candidates still running (their workers must stop them).
};

struct ReapOutcome {
  int requeued = 0;  //!< Expired leases returned to pending.
  int failed = 0;    //!< Expired leases failed as "worker lost" (attempts exhausted).
  //! Runs whose candidates are all terminal but the run is not: to settle.
  std::vector<std::string> runs_to_settle;
};

//! What a settle writes besides the counts and the status.
struct Settlement {
  engine::SelectionOutcome outcome;
  std::optional<runs::FinalModel> final_model;  //!< The champion refit, with its forecast.
};

//! Computes a run's settlement from its candidates (results included). Called inside the
//! settle transaction with the run row locked; must not use the repository.
using SettleFunction = std::function<absl::StatusOr<Settlement>(const runs::RunRecord&)>;

//! Implementations are thread-safe. `owner` is a lease owner id, unique per process.
//! Every call may fail with Unavailable (database down) besides the errors listed.
class RunRepository {
 public:
  virtual ~RunRepository() = default;

  //! One transaction: the run (running, or failed with failure_message) and its candidates
  //! (pending, ordinals in spec order), then NOTIFY selection_work. A request_id already used
  //! returns the original run's id with created = false when the fingerprint is the same, and
  //! AlreadyExists naming the original run when it is not.
  virtual absl::StatusOr<InsertOutcome> InsertRun(const NewRun& run) = 0;

  //! Claims the oldest claimable pending candidate (SKIP LOCKED; never of a run with a cancel
  //! request; an ensemble only once the run's other candidates are terminal). nullopt: none.
  virtual absl::StatusOr<std::optional<ClaimedCandidate>> Claim(const std::string& owner,
                                                                absl::Duration lease) = 0;
  //! Every write below is compare-and-set on (candidate, attempt, owner): status running,
  //! the same attempt and the same lease owner. A stale attempt matches no row.
  //! Renews the leases of the attempts `owner` still holds (only those: a candidate this
  //! process abandoned must expire); returns them. Empty `held`: no query, empty answer.
  virtual absl::StatusOr<std::vector<RenewedLease>> RenewLeases(
      const std::string& owner, const std::vector<CandidateAttempt>& held,
      absl::Duration lease) = 0;
  //! Gives a held candidate back to the queue (pending; the hand-back does not count against
  //! max_attempts), e.g. on a graceful shutdown; NOTIFY selection_work. false: lease lost.
  virtual absl::StatusOr<bool> ReleaseCandidate(const CandidateAttempt& held,
                                                const std::string& owner) = 0;
  //! folds_done of a held candidate, then NOTIFY selection_progress. false: lease lost.
  virtual absl::StatusOr<bool> RecordProgress(const CandidateAttempt& held,
                                              const std::string& owner, int folds_done) = 0;
  //! The terminal write of a held candidate, then NOTIFY progress. written = false: lost.
  virtual absl::StatusOr<FinishOutcome> FinishCandidate(const CandidateAttempt& held,
                                                        const std::string& owner,
                                                        const CandidateOutcome& outcome) = 0;
  //! Whether the run has a cancel request. NotFound for an unknown run.
  virtual absl::StatusOr<bool> IsCancelRequested(const std::string& selection_id) = 0;

  //! Settles the run exactly once: locks it, and when every candidate is terminal and the run
  //! is not, writes the settlement (outcome, final model), counts, terminal status,
  //! completed_at, settled_by and NOTIFY selection_progress. Returns whether THIS call settled it.
  //! An error of `settle` aborts.
  virtual absl::StatusOr<bool> SettleRun(const std::string& selection_id,
                                         const std::string& settled_by,
                                         const SettleFunction& settle) = 0;

  //! One transaction: cancel_requested_at, pending candidates cancelled, NOTIFY
  //! selection_cancel (+ progress). Repeating it while the run drains is harmless.
  //! Errors: NotFound, FailedPrecondition (the run is already terminal).
  virtual absl::StatusOr<CancelOutcome> RequestCancel(const std::string& selection_id) = 0;

  //! Expired leases back to pending (attempts not handed back < max_attempts, no cancel
  //! request), cancelled (cancel requested) or failed "worker lost" (WORKER_LOST); then the
  //! runs ready to settle that no live worker is settling: those whose candidates this reap
  //! ended, and those none of whose candidates ended within `settle_grace` (the worker that
  //! ended the last one settles it, refit included, unless it died or failed).
  virtual absl::StatusOr<ReapOutcome> Reap(int max_attempts, absl::Duration settle_grace) = 0;

  //! The run with its candidates in ordinal order (results included). NotFound.
  virtual absl::StatusOr<runs::RunRecord> GetRun(const std::string& selection_id) = 0;
  //! Status only (cheap). NotFound.
  virtual absl::StatusOr<runs::RunStatus> GetRunStatus(const std::string& selection_id) = 0;
  //! True when the run is not settled and none of its candidates is pending or running: the
  //! run can be settled. Cheap (no results read). NotFound.
  virtual absl::StatusOr<bool> ReadyToSettle(const std::string& selection_id) = 0;
  //! Newest first, keyset pagination. Candidates without results. InvalidArgument for a bad
  //! page_size (1..100) or page_token.
  virtual absl::StatusOr<runs::RunPage> ListRuns(const runs::RunFilter& filter) = 0;
};

}  // namespace champion::store
