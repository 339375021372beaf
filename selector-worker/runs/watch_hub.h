#pragma once

// Fan-out of selection_progress notifications to Watch subscribers, coalesced, on one
// dispatcher thread, with a periodic poke so a missed notification only costs latency.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "runs/run_manager.h"

namespace champion::runs {

//! Thread-safe.
class WatchHub {
 public:
  //! `poke`: every subscriber is called at least this often.
  explicit WatchHub(absl::Duration poke) : poke_(poke) {}
  ~WatchHub();  //!< Stops.

  void Start();
  void Stop();

  //! Calls `on_change` on the dispatcher thread (never concurrently with itself) after
  //! each Notify(selection_id) — several may coalesce into one call — and at every poke.
  //! The returned Subscription's destructor waits for a running call (unless destroyed from
  //! inside its own callback) and no call starts afterwards.
  std::unique_ptr<Subscription> Subscribe(const std::string& selection_id,
                                          std::function<void()> on_change);
  //! The run may have changed.
  void Notify(const std::string& selection_id);
  //! Every run may have changed (e.g. after the listener reconnected).
  void NotifyAll();

 private:
  class HubSubscription;
  struct Subscriber {
    std::string selection_id;
    std::function<void()> on_change;
    bool dirty = false;
  };
  void Unsubscribe(uint64_t id);
  void Loop();

  const absl::Duration poke_;
  absl::Mutex mu_;
  std::map<uint64_t, Subscriber> subscribers_ ABSL_GUARDED_BY(mu_);
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  uint64_t calling_ ABSL_GUARDED_BY(mu_) = 0;  //!< Subscriber being called, 0 = none.
  bool pending_ ABSL_GUARDED_BY(mu_) = false;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread::id dispatcher_id_;
  std::thread thread_;
};

}  // namespace champion::runs
