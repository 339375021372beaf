#pragma once

// LISTEN/NOTIFY on a dedicated libpq connection (docs/TOOLCHAIN.md fact 9), with reconnection.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

struct pg_conn;

namespace champion::store {

//! One connection LISTENing on a few channels; notifications are handed to `on_notify` on the
//! listener's own thread, in arrival order. When the connection breaks (PostgreSQL restart)
//! it reconnects with exponential backoff and calls `on_connected` again: notifications sent
//! while it was away are lost, so consumers re-read their state then.
//! Thread-safe: Start/Stop from any thread; the handlers must not call Stop.
class PgListener {
 public:
  struct Options {
    std::string conninfo;               //!< libpq keyword=value conninfo or URI.
    std::vector<std::string> channels;  //!< e.g. "selection_work".
    absl::Duration min_backoff = absl::Milliseconds(100);
    absl::Duration max_backoff = absl::Seconds(5);
    absl::Duration poll_interval = absl::Milliseconds(100);  //!< Bounds the Stop latency.
  };
  using NotifyHandler = std::function<void(const std::string& channel, const std::string& payload)>;
  using ConnectedHandler = std::function<void()>;

  //! Checks the conninfo; does not connect (Start does, in the background).
  //! Errors: InvalidArgument (malformed conninfo, no channel).
  static absl::StatusOr<std::unique_ptr<PgListener>> Create(const Options& options,
                                                            NotifyHandler on_notify,
                                                            ConnectedHandler on_connected);
  ~PgListener();  //!< Stops.
  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;

  void Start();
  //! Joins the thread (at most about poll_interval). Idempotent.
  void Stop();
  //! Whether LISTEN is currently in place.
  bool connected() const { return connected_.load(); }

 private:
  PgListener(Options options, NotifyHandler on_notify, ConnectedHandler on_connected);
  void Loop();
  //! One connection's lifetime; returns when it breaks or on Stop.
  void ListenOnce(pg_conn* conn);
  bool WaitStop(absl::Duration timeout);

  const Options options_;
  const NotifyHandler on_notify_;
  const ConnectedHandler on_connected_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::atomic<bool> connected_{false};
  std::thread thread_;
};

}  // namespace champion::store
