#pragma once

// Rate-limited logging of a repeated event (accept failures, refused connections): one
// line per period, carrying the count of the occurrences that were not logged.

#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace champion::gateway {

class LogThrottle {
 public:
  explicit LogThrottle(absl::Duration period) : period_(period) {}

  //! Counts one occurrence at `now`. True when it is to be logged: the first one, and
  //! then the first one at least `period` after the last logged one; `*suppressed` is then
  //! the number of occurrences dropped since that last logged one. Thread-safe.
  bool Allow(absl::Time now, int64_t* suppressed);

 private:
  const absl::Duration period_;
  absl::Mutex mu_;
  absl::Time last_logged_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  int64_t suppressed_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace champion::gateway
