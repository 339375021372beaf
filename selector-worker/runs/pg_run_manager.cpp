#include "runs/pg_run_manager.h"

#include <random>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "runs/run_inputs.h"
#include "runs/settle.h"
#include "spdlog/spdlog.h"

namespace champion::runs {
namespace {

constexpr char kWorkChannel[] = "selection_work";
constexpr char kProgressChannel[] = "selection_progress";
constexpr char kCancelChannel[] = "selection_cancel";

absl::Status Invalid(const char* field, const char* rule) {
  return absl::InvalidArgumentError(absl::StrCat("PgRunManager option ", field, " ", rule));
}

std::string NewLeaseOwner(const std::string& worker_id) {
  std::random_device random;
  return absl::StrFormat("%s/%08x", worker_id, random());
}

absl::Duration ReaperInterval(const PgRunManager::Options& o) {
  return o.reaper_interval > absl::ZeroDuration() ? o.reaper_interval : o.lease_duration / 2;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PgRunManager>> PgRunManager::Create(const Options& options) {
  if (options.runs == nullptr || options.sales == nullptr || options.catalog == nullptr) {
    return Invalid("runs/sales/catalog", "must be set");
  }
  if (options.worker_id.empty()) return Invalid("worker_id", "must not be empty");
  if (options.global_max_parallel < 0) return Invalid("global_max_parallel", "must be >= 0");
  if (options.lease_duration < absl::Milliseconds(100)) {
    return Invalid("lease_duration", "must be at least 100ms");
  }
  if (options.cancel_drain_timeout <= absl::ZeroDuration()) {
    return Invalid("cancel_drain_timeout", "must be positive");
  }
  if (options.max_attempts < 1) return Invalid("max_attempts", "must be at least 1");
  if (options.poll_interval <= absl::ZeroDuration() || options.watch_poke <= absl::ZeroDuration()) {
    return Invalid("poll_interval/watch_poke", "must be positive");
  }
  std::unique_ptr<PgRunManager> manager(new PgRunManager(options));
  if (!options.listen_conninfo.empty()) {
    PgRunManager* self = manager.get();
    ASSIGN_OR_RETURN(manager->listener_,
                     store::PgListener::Create(
                         {.conninfo = options.listen_conninfo,
                          .channels = {kWorkChannel, kProgressChannel, kCancelChannel}},
                         [self](const std::string& channel, const std::string& payload) {
                           self->OnNotification(channel, payload);
                         },
                         [self] { self->OnListenerConnected(); }));
  }
  return manager;
}

PgRunManager::PgRunManager(const Options& options)
    : options_(options),
      owner_(NewLeaseOwner(options.worker_id)),
      executor_({.runs = options.runs,
                 .sales = options.sales,
                 .catalog = options.catalog,
                 .registry = &registry_,
                 .owner = owner_,
                 .worker_id = options.worker_id,
                 .progress_throttle = options.progress_throttle,
                 .events = options.events}),
      hub_(options.watch_poke),
      pool_({.threads = options.global_max_parallel,
             .owner = owner_,
             .lease = options.lease_duration,
             .poll_interval = options.poll_interval},
            options.runs, &registry_, &executor_),
      heartbeat_(options.lease_duration / 3, [this] { Heartbeat(); }),
      reaper_(ReaperInterval(options), [this] { Reap(); }) {}

PgRunManager::~PgRunManager() { Stop(); }

void PgRunManager::Start() {
  {
    absl::MutexLock lock(&mu_);
    if (started_ || stopped_) return;
    started_ = true;
  }
  hub_.Start();
  if (listener_) listener_->Start();
  heartbeat_.Start(false);
  reaper_.Start(true);
  pool_.Start();
  spdlog::info("run manager {} started: {} backtest threads, lease {}", owner_,
               options_.global_max_parallel, absl::FormatDuration(options_.lease_duration));
}

void PgRunManager::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (stopped_) return;
    stopped_ = true;
  }
  registry_.StopAll();  // running candidates go back to the queue
  pool_.Stop();
  reaper_.Stop();
  heartbeat_.Stop();
  if (listener_) listener_->Stop();
  hub_.Stop();
}

bool PgRunManager::Drain(absl::Duration grace) {
  const bool finished = pool_.Drain(absl::Now() + grace);
  const size_t handed_back = registry_.Held().size();
  Stop();
  if (finished) {
    spdlog::info("drained: every candidate in flight finished");
  } else {
    spdlog::warn("drain: {} candidate(s) still running after {}, handed back to the queue",
                 handed_back, absl::FormatDuration(grace));
  }
  return finished;
}

void PgRunManager::OnNotification(const std::string& channel, const std::string& payload) {
  if (channel == kWorkChannel) {
    pool_.Wake();
  } else if (channel == kCancelChannel) {
    registry_.CancelRun(payload);
    hub_.Notify(payload);
  } else if (channel == kProgressChannel) {
    hub_.Notify(payload);
  }
}

void PgRunManager::OnListenerConnected() {
  // Notifications sent while disconnected are lost: re-check everything once.
  pool_.Wake();
  hub_.NotifyAll();
  reaper_.Trigger();
}

void PgRunManager::Heartbeat() {
  const std::vector<store::CandidateAttempt> held = registry_.Held();
  if (held.empty()) return;
  // The renewed leases run from the UPDATE's commit, which is after this instant.
  const absl::Time renewed_until = absl::Now() + options_.lease_duration;
  absl::StatusOr<std::vector<store::RenewedLease>> renewed =
      options_.runs->RenewLeases(owner_, held, options_.lease_duration);
  if (!renewed.ok()) {
    spdlog::warn("lease heartbeat failed: {}", std::string(renewed.status().message()));
    return;
  }
  registry_.Reconcile(held, *renewed, renewed_until);
}

void PgRunManager::Reap() {
  // A finishing worker settles its run within about a lease (the champion's refit); the
  // reaper takes over runs left longer than that.
  absl::StatusOr<store::ReapOutcome> reaped =
      options_.runs->Reap(options_.max_attempts, options_.lease_duration);
  if (!reaped.ok()) {
    spdlog::warn("reaper failed: {}", std::string(reaped.status().message()));
    return;
  }
  if (reaped->requeued > 0 || reaped->failed > 0) {
    spdlog::info("reaper: {} expired lease(s) requeued, {} failed as worker lost", reaped->requeued,
                 reaped->failed);
  }
  if (reaped->requeued > 0 || reaped->failed > 0) {
    options_.events->LeasesReaped(reaped->requeued, reaped->failed);
  }
  if (reaped->requeued > 0) pool_.Wake();
  for (const std::string& selection_id : reaped->runs_to_settle) {
    absl::StatusOr<bool> settled =
        SettleIfReady(*options_.runs, SeriesFrom(*options_.sales, *options_.catalog), selection_id,
                      options_.worker_id, *options_.events);
    if (!settled.ok()) {
      spdlog::warn("reaper: settle of {} failed: {}", selection_id,
                   std::string(settled.status().message()));
    }
  }
}

absl::StatusOr<store::InsertOutcome> PgRunManager::Insert(const SelectionSpec& spec) {
  ASSIGN_OR_RETURN(store::NewRun run, PrepareRun(spec, *options_.sales, NewSelectionId()));
  ASSIGN_OR_RETURN(store::InsertOutcome inserted, options_.runs->InsertRun(run));
  if (!inserted.created) {
    // A repeated request_id: the original run (an unusable one answers as it did first).
    ASSIGN_OR_RETURN(RunRecord original, options_.runs->GetRun(inserted.selection_id));
    if (original.status == RunStatus::kFailed && original.candidates.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(original.error_message, " (selection_id ", original.selection_id, ")"));
    }
    return inserted;
  }
  if (!run.failure_message.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(run.failure_message, " (selection_id ", run.selection_id, ")"));
  }
  return inserted;
}

absl::StatusOr<RunRecord> PgRunManager::Submit(const SelectionSpec& spec) {
  ASSIGN_OR_RETURN(const store::InsertOutcome inserted, Insert(spec));
  pool_.Wake();  // the NOTIFY would too; this saves a round trip on this worker
  return Get(inserted.selection_id);
}

absl::StatusOr<RunRecord> PgRunManager::Get(const std::string& selection_id) {
  return options_.runs->GetRun(selection_id);
}

absl::StatusOr<RunPage> PgRunManager::List(const RunFilter& filter) {
  return options_.runs->ListRuns(filter);
}

absl::StatusOr<std::unique_ptr<Subscription>> PgRunManager::Watch(const std::string& selection_id,
                                                                  std::function<void()> on_change) {
  RETURN_IF_ERROR(options_.runs->GetRunStatus(selection_id).status());
  return hub_.Subscribe(selection_id, std::move(on_change));
}

}  // namespace champion::runs
