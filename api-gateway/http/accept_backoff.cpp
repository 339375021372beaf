#include "http/accept_backoff.h"

#include <algorithm>
#include <cerrno>

namespace champion::gateway {

bool IsResourceExhaustion(int error_number) {
  return error_number == EMFILE || error_number == ENFILE || error_number == ENOBUFS ||
         error_number == ENOMEM;
}

absl::Duration AcceptBackoff::NextPause() {
  const absl::Duration pause = next_;
  next_ = std::min(next_ * 2, max_);
  return pause;
}

}  // namespace champion::gateway
