#pragma once

// A fixed pool of threads for the blocking part of gRPC handlers (SQL), so that gRPC's
// callback threads never wait on PostgreSQL. Its queue is bounded: a full pool refuses new
// work at once (the caller answers RESOURCE_EXHAUSTED with a retry delay) instead of letting
// a backlog grow without limit.

#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace champion::service {

class HandlerPool {
 public:
  struct Options {
    std::string name = "handlers";  //!< For logs and errors.
    int threads = 4;                //!< >= 1.
    std::size_t max_queued = 256;   //!< Tasks waiting for a thread, >= 1.
  };
  explicit HandlerPool(Options options);
  //! Runs every task already queued, then joins the threads.
  ~HandlerPool();

  HandlerPool(const HandlerPool&) = delete;
  HandlerPool& operator=(const HandlerPool&) = delete;

  //! Queues `task` unless max_queued tasks are already waiting; thread-safe. Tasks run in
  //! FIFO order on any pool thread. false: refused (the task was not queued).
  [[nodiscard]] bool Post(std::function<void()> task);

  //! Tasks waiting for a thread now.
  std::size_t queued();

  const std::string& name() const { return options_.name; }
  std::size_t max_queued() const { return options_.max_queued; }

 private:
  void Loop();

  const Options options_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace champion::service
