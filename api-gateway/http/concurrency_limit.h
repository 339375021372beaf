#pragma once

// A counting cap on something held for a while (open event streams, connections being
// refused): a slot is taken up front and given back when its holder lets go.

#include <atomic>
#include <memory>

namespace champion::gateway {

class ConcurrencyLimit {
 public:
  //! Held while any copy lives; the last copy gives the slot back. May outlive the
  //! ConcurrencyLimit it came from.
  using Slot = std::shared_ptr<void>;

  //! At most `max` (>= 0) slots are held at once.
  explicit ConcurrencyLimit(int max);

  //! A slot, or null when `max` are held. Thread-safe.
  Slot TryAcquire();
  //! Slots held now (a snapshot). Thread-safe.
  int in_use() const { return state_->in_use.load(); }
  int max() const { return state_->max; }

 private:
  struct State {
    explicit State(int m) : max(m) {}
    const int max;
    std::atomic<int> in_use{0};
  };
  std::shared_ptr<State> state_;
};

}  // namespace champion::gateway
