#pragma once

// A flag that one thread raises ("the run may have changed") and another waits for, with a
// timeout; raised flags coalesce. Used by waits on a run (CancelRun's drain, RunSync).

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace champion::runs {

//! Thread-safe.
class ChangeSignal {
 public:
  void Notify() {
    absl::MutexLock lock(&mu_);
    changed_ = true;
  }
  //! Waits until notified or `timeout` passed, then lowers the flag. true: notified.
  bool WaitFor(absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    const bool notified = mu_.AwaitWithTimeout(absl::Condition(&changed_), timeout);
    changed_ = false;
    return notified;
  }

 private:
  absl::Mutex mu_;
  bool changed_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace champion::runs
