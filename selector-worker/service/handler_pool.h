#pragma once

// A fixed pool of threads for the blocking part of gRPC handlers (SQL), so that gRPC's
// callback threads never wait on PostgreSQL.

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace champion::service {

class HandlerPool {
 public:
  //! Starts `threads` (>= 1) workers.
  explicit HandlerPool(int threads);
  //! Runs every task already queued, then joins the threads.
  ~HandlerPool();

  HandlerPool(const HandlerPool&) = delete;
  HandlerPool& operator=(const HandlerPool&) = delete;

  //! Queues `task`; thread-safe. Tasks run in FIFO order on any pool thread.
  void Post(std::function<void()> task);

 private:
  void Loop();

  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace champion::service
