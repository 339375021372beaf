#pragma once

// A thread that runs a function now and then every `interval` until stopped.

#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace champion {

//! Thread-safe. Stop() wakes the thread at once and joins it (waits for a running call).
class PeriodicTask {
 public:
  PeriodicTask(absl::Duration interval, std::function<void()> task)
      : interval_(interval), task_(std::move(task)) {}
  ~PeriodicTask() { Stop(); }
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  //! Starts the thread; the first call runs immediately when `run_now`.
  void Start(bool run_now = true) {
    absl::MutexLock lock(&mu_);
    if (thread_.joinable() || stop_) return;
    thread_ = std::thread([this, run_now] { Loop(run_now); });
  }
  //! Runs the task as soon as possible (coalesced with a pending trigger).
  void Trigger() {
    absl::MutexLock lock(&mu_);
    triggered_ = true;
  }
  void Stop() {
    {
      absl::MutexLock lock(&mu_);
      stop_ = true;
    }
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Loop(bool run_now) {
    if (run_now) task_();
    while (true) {
      {
        absl::MutexLock lock(&mu_);
        const auto woken = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stop_ || triggered_; };
        mu_.AwaitWithTimeout(absl::Condition(&woken), interval_);
        if (stop_) return;
        triggered_ = false;
      }
      task_();
    }
  }

  const absl::Duration interval_;
  const std::function<void()> task_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  bool triggered_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace champion
