#include "http/concurrency_limit.h"

namespace champion::gateway {

ConcurrencyLimit::ConcurrencyLimit(int max) : state_(std::make_shared<State>(max)) {}

ConcurrencyLimit::Slot ConcurrencyLimit::TryAcquire() {
  int held = state_->in_use.load();
  do {
    if (held >= state_->max) return nullptr;
  } while (!state_->in_use.compare_exchange_weak(held, held + 1));
  // The deleter keeps the state alive, so a slot may be released after the limit is gone.
  return Slot(state_.get(), [state = state_](void*) { state->in_use.fetch_sub(1); });
}

}  // namespace champion::gateway
