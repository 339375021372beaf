#include "http/log_throttle.h"

namespace champion::gateway {

bool LogThrottle::Allow(absl::Time now, int64_t* suppressed) {
  absl::MutexLock lock(&mu_);
  if (last_logged_ != absl::InfinitePast() && now - last_logged_ < period_) {
    ++suppressed_;
    return false;
  }
  last_logged_ = now;
  *suppressed = suppressed_;
  suppressed_ = 0;
  return true;
}

}  // namespace champion::gateway
