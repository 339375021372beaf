#pragma once

// In-memory RunManager for service tests. Runs are plain records the test can change with
// Update(), which notifies watchers like the real notifier does. RunSync settles at once
// with the REAL engine on a synthetic series, so mapping tests see real outcomes.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "runs/run_manager.h"

namespace champion::fakes {

class FakeRunManager : public runs::RunManager {
 public:
  absl::StatusOr<runs::RunRecord> Submit(const runs::SelectionSpec& spec) override;
  absl::StatusOr<runs::RunRecord> RunSync(const runs::SelectionSpec& spec,
                                          const runs::CallerGone& caller_gone) override;
  absl::StatusOr<runs::RunRecord> Get(const std::string& selection_id) override;
  absl::StatusOr<runs::RunPage> List(const runs::RunFilter& filter) override;
  absl::StatusOr<runs::RunRecord> Cancel(const std::string& selection_id) override;
  absl::StatusOr<std::unique_ptr<runs::Subscription>> Watch(
      const std::string& selection_id, std::function<void()> on_change) override;

  //! Changes a stored run and notifies its watchers.
  void Update(const std::string& selection_id, const std::function<void(runs::RunRecord&)>& fn);

  //! Number of live Watch subscriptions.
  int watchers() const;

  //! What the last Submit/RunSync received.
  runs::SelectionSpec last_spec;

  //! While held, RunSync calls block (as a long backtest would) until ReleaseRunSync.
  void HoldRunSync();
  void ReleaseRunSync();
  //! Waits (up to 10 s) until `n` RunSync calls are blocked; false on timeout.
  bool AwaitHeldRunSyncs(int n);
  //! RunSync calls that started.
  int run_sync_calls() const;

 private:
  class FakeSubscription;
  runs::RunRecord NewRecord(const runs::SelectionSpec& spec);
  void Unsubscribe(int id);

  mutable absl::Mutex mu_;
  std::map<std::string, runs::RunRecord> runs_ ABSL_GUARDED_BY(mu_);
  std::map<int, std::pair<std::string, std::function<void()>>> watchers_ ABSL_GUARDED_BY(mu_);
  int next_id_ ABSL_GUARDED_BY(mu_) = 1;
  bool hold_sync_ ABSL_GUARDED_BY(mu_) = false;
  int held_syncs_ ABSL_GUARDED_BY(mu_) = 0;
  int sync_calls_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Mutex notify_mu_;  // serialises callbacks against unsubscription
};

}  // namespace champion::fakes
