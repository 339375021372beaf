#pragma once

// The worker's fixed pool of backtest threads, shared by every run: each thread claims a
// pending candidate from PostgreSQL, executes it, and claims the next.

#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "runs/cancel_registry.h"
#include "runs/candidate_executor.h"
#include "store/run_repository.h"

namespace champion::runs {

//! Thread-safe. Borrows its dependencies, which must outlive it.
class BacktestPool {
 public:
  struct Options {
    int threads = 2;    //!< global_max_parallel, >= 1.
    std::string owner;  //!< Lease owner.
    absl::Duration lease = absl::Seconds(15);
    //! Idle threads poll this often, so a missed NOTIFY only costs latency.
    absl::Duration poll_interval = absl::Seconds(1);
  };
  BacktestPool(Options options, store::RunRepository* runs, CancelRegistry* registry,
               CandidateExecutor* executor);
  ~BacktestPool();  //!< Stops.

  void Start();
  //! Wakes idle threads to claim (on NOTIFY selection_work).
  void Wake();
  //! Stops claiming and joins the threads; running candidates must have been stopped
  //! (CancelRegistry::StopAll) for this to return promptly.
  void Stop();
  //! Claims nothing more; candidates in flight go on. Then waits until none is in flight
  //! or `deadline` passes; true when none is. Stop() still joins the threads afterwards.
  bool Drain(absl::Time deadline);

 private:
  void Loop();
  //! Waits for a Wake after `seen`, Stop, or the poll interval; returns the generation.
  uint64_t Idle(uint64_t seen, absl::Duration timeout);

  const Options options_;
  store::RunRepository* runs_;
  CancelRegistry* registry_;
  CandidateExecutor* executor_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  bool draining_ ABSL_GUARDED_BY(mu_) = false;  // no more claims
  int executing_ ABSL_GUARDED_BY(mu_) = 0;      // threads between a claim and its end
  uint64_t wake_generation_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::thread> threads_;
};

}  // namespace champion::runs
