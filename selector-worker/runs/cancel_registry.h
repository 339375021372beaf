#pragma once

// The worker's cancel registry: each attempt this worker holds (candidate + attempt number,
// the fencing token) -> the CancelToken of the backtest running it and how long its lease is
// known to hold.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/cancel_token.h"
#include "store/run_repository.h"

namespace champion::runs {

//! Why a token was flipped; decides the candidate's terminal write.
enum class StopReason {
  kNone,
  kCancelRequested,  //!< The run was cancelled: write `cancelled`.
  kLeaseLost,        //!< Another attempt may hold it now: write nothing.
  kShutdown,         //!< This worker stops: give the candidate back to the queue.
};

//! Thread-safe. Tokens are shared_ptrs so a flip after Unregister is harmless. Keyed by
//! attempt, so a stale attempt and a newer claim of the same candidate never share an entry.
class CancelRegistry {
 public:
  //! A fresh token for an attempt this worker now holds, whose lease holds until at least
  //! `lease_until` (this process's clock).
  std::shared_ptr<engine::CancelToken> Register(const store::CandidateAttempt& held,
                                                const std::string& selection_id,
                                                absl::Time lease_until);
  void Unregister(const store::CandidateAttempt& held);

  //! Flips the tokens of the run's registered attempts; returns how many.
  int CancelRun(const std::string& selection_id);
  //! Flips one token with `reason` (the first reason sticks). false when not registered.
  bool Stop(const store::CandidateAttempt& held, StopReason reason);
  //! Flips every token with kShutdown and makes later Register calls return flipped tokens.
  void StopAll();

  //! The first reason the attempt's token was flipped (kNone when never or unknown).
  StopReason Reason(const store::CandidateAttempt& held) const;
  //! Until when the attempt's lease is known to hold (InfinitePast when not registered).
  absl::Time LeaseUntil(const store::CandidateAttempt& held) const;
  //! Registered attempts.
  std::vector<store::CandidateAttempt> Held() const;
  //! After a heartbeat over `asked` that renewed the leases in `renewed` until at least
  //! `renewed_until`: attempts not renewed lost their lease, and those whose run has a cancel
  //! request are cancelled (a missed NOTIFY costs one heartbeat at most).
  void Reconcile(const std::vector<store::CandidateAttempt>& asked,
                 const std::vector<store::RenewedLease>& renewed, absl::Time renewed_until);

 private:
  struct Entry {
    std::string selection_id;
    std::shared_ptr<engine::CancelToken> token;
    StopReason reason = StopReason::kNone;
    absl::Time lease_until;
  };
  void StopLocked(Entry& entry, StopReason reason) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::map<store::CandidateAttempt, Entry> entries_ ABSL_GUARDED_BY(mu_);
  bool shutdown_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace champion::runs
