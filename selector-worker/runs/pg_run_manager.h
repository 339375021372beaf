#pragma once

// RunManager over PostgreSQL: the durable, multi-worker queue of docs/ARCHITECTURE.md "How a run
// executes". One per worker process. Split by concern: pg_run_manager.cpp (lifecycle,
// Submit, Get, List, Watch, notifications), pg_run_manager_sync.cpp (RunSync and the final
// model), pg_run_manager_cancel.cpp (Cancel and its drain).

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/periodic_task.h"
#include "runs/backtest_pool.h"
#include "runs/cancel_registry.h"
#include "runs/candidate_executor.h"
#include "runs/run_events.h"
#include "runs/run_manager.h"
#include "runs/watch_hub.h"
#include "store/catalog_repository.h"
#include "store/pg_listener.h"
#include "store/run_repository.h"
#include "store/sales_repository.h"

namespace champion::runs {

class PgRunManager : public RunManager {
 public:
  struct Options {
    //! Borrowed; must outlive the manager. Usually Pg* repositories over one SessionPool
    //! (size it at least global_max_parallel + handler threads + 2).
    store::RunRepository* runs = nullptr;
    store::SalesRepository* sales = nullptr;
    store::CatalogRepository* catalog = nullptr;
    //! Conninfo of the dedicated LISTEN connection (selection_work / _progress / _cancel).
    //! Empty: no listener (polling only; tests).
    std::string listen_conninfo;
    //! This worker's name (settled_by, logs). Lease owner = worker_id + "/" + random suffix,
    //! so a restarted process never inherits its predecessor's leases.
    std::string worker_id = "worker";
    int global_max_parallel = 2;  //!< Backtest threads, >= 1 (0 = no pool: API only).
    absl::Duration lease_duration = absl::Seconds(15);  //!< >= 100ms; heartbeat at a third.
    absl::Duration cancel_drain_timeout = absl::Seconds(30);
    int max_attempts = 3;                             //!< >= 1.
    absl::Duration poll_interval = absl::Seconds(1);  //!< Idle claim polling.
    absl::Duration watch_poke = absl::Seconds(1);     //!< Watch subscribers' periodic call.
    absl::Duration progress_throttle = absl::Milliseconds(100);
    //! Reaper period; zero = lease_duration / 2.
    absl::Duration reaper_interval = absl::ZeroDuration();
    //! Borrowed; hears of candidates ending, settles, cancels and reaps. Never null.
    RunEvents* events = &NoRunEvents();
  };

  //! Validates the options (InvalidArgument naming the field). Start() begins the work.
  static absl::StatusOr<std::unique_ptr<PgRunManager>> Create(const Options& options);
  ~PgRunManager() override;  //!< Stop().

  //! Starts the listener, the reaper (runs once at once), the heartbeat and the pool.
  void Start();
  //! Stops claiming, gives running candidates back to the queue (pending), joins every
  //! thread. Idempotent. RunSync calls in flight return Unavailable (their runs go on
  //! elsewhere).
  void Stop();
  //! A graceful Stop: claims nothing more, lets the candidates in flight finish for up to
  //! `grace`, then Stop() hands the rest back at once (no lease expiry to wait for). True
  //! when everything in flight finished within the grace.
  bool Drain(absl::Duration grace);

  const std::string& lease_owner() const { return owner_; }

  // RunManager
  absl::StatusOr<RunRecord> Submit(const SelectionSpec& spec) override;
  absl::StatusOr<RunRecord> RunSync(const SelectionSpec& spec,
                                    const CallerGone& caller_gone) override;
  absl::StatusOr<RunRecord> Get(const std::string& selection_id) override;
  absl::StatusOr<RunPage> List(const RunFilter& filter) override;
  absl::StatusOr<RunRecord> Cancel(const std::string& selection_id) override;
  absl::StatusOr<std::unique_ptr<Subscription>> Watch(const std::string& selection_id,
                                                      std::function<void()> on_change) override;

 private:
  explicit PgRunManager(const Options& options);
  void OnNotification(const std::string& channel, const std::string& payload);
  void OnListenerConnected();
  void Heartbeat();
  void Reap();
  //! Inserts the prepared run; an unusable pair -> InvalidArgument naming the selection_id.
  //! A repeated request_id gives the original run with created = false.
  absl::StatusOr<store::InsertOutcome> Insert(const SelectionSpec& spec);
  //! RunSync's wait for the run to settle. Unavailable when the manager stops.
  absl::Status AwaitSettled(const std::string& selection_id, const CallerGone& caller_gone);

  const Options options_;
  const std::string owner_;
  CancelRegistry registry_;
  CandidateExecutor executor_;
  WatchHub hub_;
  BacktestPool pool_;
  PeriodicTask heartbeat_;
  PeriodicTask reaper_;
  std::unique_ptr<store::PgListener> listener_;
  absl::Mutex mu_;
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace champion::runs
