#pragma once

// Cooperative cancellation (docs/ENGINE.md section 8).

#include <atomic>

#include "absl/status/status.h"

namespace champion::engine {

//! A flag the owner (runs/' cancel registry) sets and the engine polls. Checking is one
//! relaxed-acquire atomic load, cheap enough for every optimiser iteration. Thread-safe.
//! Not copyable or movable: the engine holds it by const reference.
class CancelToken {
 public:
  CancelToken() = default;
  CancelToken(const CancelToken&) = delete;
  CancelToken& operator=(const CancelToken&) = delete;

  //! Requests cancellation. Idempotent; callable from any thread.
  void Cancel() { cancelled_.store(true, std::memory_order_release); }
  bool IsCancelled() const { return cancelled_.load(std::memory_order_acquire); }

 private:
  std::atomic<bool> cancelled_{false};
};

//! Cancelled("cancelled") when the token is set, else OK.
inline absl::Status CheckCancelled(const CancelToken& token) {
  return token.IsCancelled() ? absl::CancelledError("cancelled") : absl::OkStatus();
}

//! A token that is never cancelled, for callers without cancellation (tests, tools).
const CancelToken& NeverCancelled();

}  // namespace champion::engine
