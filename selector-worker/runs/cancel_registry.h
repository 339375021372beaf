#pragma once

// The worker's cancel registry: candidate_id -> the CancelToken of the backtest running it.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "engine/cancel_token.h"
#include "store/run_repository.h"

namespace champion::runs {

//! Why a token was flipped; decides the candidate's terminal write.
enum class StopReason {
  kNone,
  kCancelRequested,  //!< The run was cancelled: write `cancelled`.
  kLeaseLost,        //!< Another worker may own it now: write nothing.
  kShutdown,         //!< This worker stops: give the candidate back to the queue.
};

//! Thread-safe. Tokens are shared_ptrs so a flip after Unregister is harmless.
class CancelRegistry {
 public:
  //! A fresh token for a candidate this worker now holds (replaces an older entry).
  std::shared_ptr<engine::CancelToken> Register(const std::string& candidate_id,
                                                const std::string& selection_id);
  void Unregister(const std::string& candidate_id);

  //! Flips the tokens of the run's registered candidates; returns how many.
  int CancelRun(const std::string& selection_id);
  //! Flips one token with `reason` (the first reason sticks). false when not registered.
  bool Stop(const std::string& candidate_id, StopReason reason);
  //! Flips every token with kShutdown and makes later Register calls return flipped tokens.
  void StopAll();

  //! The first reason the candidate's token was flipped (kNone when never or unknown).
  StopReason Reason(const std::string& candidate_id) const;
  //! Registered candidate ids.
  std::vector<std::string> Candidates() const;
  //! After a heartbeat over `asked`: those not in `held` lost their lease, and those whose run
  //! has a cancel request are cancelled (a missed NOTIFY costs one heartbeat at most).
  void Reconcile(const std::vector<std::string>& asked,
                 const std::vector<store::RenewedLease>& held);

 private:
  struct Entry {
    std::string selection_id;
    std::shared_ptr<engine::CancelToken> token;
    StopReason reason = StopReason::kNone;
  };
  void StopLocked(Entry& entry, StopReason reason) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  bool shutdown_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace champion::runs
