#pragma once

// Runs one candidate this worker holds, from its series to its terminal write, and settles
// the run when it was the last one. Shared by the backtest pool and RunSync.

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "engine/cancel_token.h"
#include "runs/cancel_registry.h"
#include "runs/run_events.h"
#include "store/catalog_repository.h"
#include "store/run_repository.h"
#include "store/sales_repository.h"

namespace champion::runs {

//! Thread-safe (stateless apart from borrowed dependencies, which must outlive it).
class CandidateExecutor {
 public:
  struct Deps {
    store::RunRepository* runs = nullptr;
    store::SalesRepository* sales = nullptr;
    store::CatalogRepository* catalog = nullptr;
    CancelRegistry* registry = nullptr;
    std::string owner;      //!< Lease owner (unique per process).
    std::string worker_id;  //!< Written as settled_by.
    absl::Duration progress_throttle = absl::Milliseconds(100);
    RunEvents* events = &NoRunEvents();  //!< Never null.
  };
  explicit CandidateExecutor(Deps deps) : deps_(std::move(deps)) {}

  //! Backtests `candidate` (an ensemble combines the run's other results) with `token`,
  //! writes folds_done (throttled, always the last fold), then the terminal state by
  //! compare-and-set on the attempt: completed / failed / cancelled (cancel request), nothing
  //! (lease lost), or back to pending (shutdown). Settles the run when no candidate is left.
  //! `candidate` must be registered; it is unregistered at the end. A terminal write that
  //! fails while the database is away is retried with backoff as long as the lease may hold;
  //! after that the reaper requeues the candidate. Never throws; problems are logged.
  void Execute(const store::ClaimedCandidate& candidate,
               const std::shared_ptr<engine::CancelToken>& token);

 private:
  absl::StatusOr<engine::BacktestResult> Backtest(const store::ClaimedCandidate& candidate,
                                                  const engine::CancelToken& token);
  //! The terminal write, retried on outages while the lease may still hold; how the attempt
  //! ended (kLeaseLost when the write found another attempt in charge).
  CandidateEnd Finish(const store::ClaimedCandidate& candidate,
                      const store::CandidateOutcome& outcome);

  Deps deps_;
};

}  // namespace champion::runs
