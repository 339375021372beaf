#pragma once

// The server-streaming WatchRun call: a snapshot at once, one per change (coalesced: a
// change during a write produces one more snapshot after it, never a queue), and the last
// one at the terminal state, then OK. A client that goes away only ends this stream; the
// run goes on.

#include <atomic>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "champion/v1/selection.grpc.pb.h"
#include "runs/run_manager.h"
#include "service/handler_pool.h"

namespace champion::service {

//! Counts one open stream in a shared counter for as long as it lives (movable).
class StreamSlot {
 public:
  explicit StreamSlot(std::shared_ptr<std::atomic<int>> open)
      : open_(std::move(open)), count_(open_->fetch_add(1) + 1) {}
  StreamSlot(StreamSlot&&) = default;
  StreamSlot& operator=(StreamSlot&&) = delete;
  ~StreamSlot() {
    if (open_) open_->fetch_sub(1);
  }
  //! Open streams when this one was counted, itself included.
  int count() const { return count_; }

 private:
  std::shared_ptr<std::atomic<int>> open_;
  int count_;
};

class WatchRunReactor final : public grpc::ServerWriteReactor<champion::v1::Run> {
 public:
  //! Starts at once; deletes itself (and frees `slot`) when the call is done and no work of
  //! its is pending.
  WatchRunReactor(grpc::CallbackServerContext* context, runs::RunManager& runs, HandlerPool& pool,
                  std::string selection_id, StreamSlot slot);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Runs on the handler pool: subscribe (first time), read the run, write it if it changed.
  void Refresh();
  // A notification arrived (any thread).
  void OnChange();
  // Schedules Refresh unless one is in flight; then it reruns once when it ends. false: the
  // handler pool refused it (full); the next change or periodic poke tries again.
  bool ScheduleLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Ends the task bookkeeping; deletes this when the call is done and nothing is pending.
  void ReleaseTask();
  void FinishOnce(const grpc::Status& status);

  runs::RunManager& runs_;
  HandlerPool& pool_;
  StreamSlot slot_;
  const std::string selection_id_;
  const std::string label_;

  absl::Mutex mu_;
  std::unique_ptr<runs::Subscription> subscription_ ABSL_GUARDED_BY(mu_);
  bool busy_ ABSL_GUARDED_BY(mu_) = false;   // a Refresh or a write is in flight
  bool dirty_ ABSL_GUARDED_BY(mu_) = false;  // a change arrived while busy
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  int pending_tasks_ ABSL_GUARDED_BY(mu_) = 0;
  bool terminal_sent_ = false;  // touched only by the busy holder
  std::string last_sent_;       // serialized last snapshot, ditto
  champion::v1::Run snapshot_;  // the message being written, ditto
};

}  // namespace champion::service
