#pragma once

// What the accept loop does when accept() fails for want of a resource (no file
// descriptors left: EMFILE/ENFILE). The pending connection stays queued, so the listening
// socket stays readable and an immediate retry fails again: without a pause the loop
// spins on every core and logs each failure.

#include "absl/time/time.h"

namespace champion::gateway {

//! True for accept() errors (errno values) that mean the process or the system is out of
//! a resource: EMFILE, ENFILE, ENOBUFS, ENOMEM. Other errors concern one connection only
//! (ECONNABORTED, ...) and consume it, so retrying at once cannot spin.
bool IsResourceExhaustion(int error_number);

//! Exponential pauses between failed accepts. Not thread-safe (one accept loop).
class AcceptBackoff {
 public:
  explicit AcceptBackoff(absl::Duration initial = absl::Milliseconds(50),
                         absl::Duration max = absl::Seconds(1))
      : initial_(initial), max_(max), next_(initial) {}

  //! The pause after a failure: `initial`, then doubled after each further failure, at
  //! most `max`.
  absl::Duration NextPause();
  //! An accept succeeded: the next failure pauses `initial` again.
  void Reset() { next_ = initial_; }

 private:
  absl::Duration initial_;
  absl::Duration max_;
  absl::Duration next_;
};

}  // namespace champion::gateway
