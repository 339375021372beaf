// PgRunManager end to end, in-process, against a real PostgreSQL (one database per test).

#include "runs/pg_run_manager.h"

#include <catch2/catch.hpp>
#include <functional>
#include <iostream>
#include <map>

#include "absl/synchronization/mutex.h"
#include "run_test_env.h"

namespace champion::runs {
namespace {

using test::RunTestEnv;

// Counts what the managers report (shared by several managers: thread-safe).
class RecordingEvents : public RunEvents {
 public:
  void CandidateEnded(std::string_view, CandidateEnd end, absl::Duration) override {
    absl::MutexLock lock(&mu_);
    ++ended_[end];
  }
  void RunSettled(RunStatus status) override {
    absl::MutexLock lock(&mu_);
    ++settled_[status];
  }
  void CancelSettled(absl::Duration) override {
    absl::MutexLock lock(&mu_);
    ++cancels_;
  }
  int ended(CandidateEnd end) {
    absl::MutexLock lock(&mu_);
    return ended_[end];
  }
  int settled(RunStatus status) {
    absl::MutexLock lock(&mu_);
    return settled_[status];
  }
  int cancels() {
    absl::MutexLock lock(&mu_);
    return cancels_;
  }

 private:
  absl::Mutex mu_;
  std::map<CandidateEnd, int> ended_ ABSL_GUARDED_BY(mu_);
  std::map<RunStatus, int> settled_ ABSL_GUARDED_BY(mu_);
  int cancels_ ABSL_GUARDED_BY(mu_) = 0;
};

std::unique_ptr<PgRunManager> MakeManager(RunTestEnv& env, const std::string& worker_id,
                                          int parallel = 2,
                                          absl::Duration drain_timeout = absl::Seconds(10),
                                          RunEvents* events = &NoRunEvents()) {
  PgRunManager::Options o;
  o.events = events;
  o.runs = env.runs.get();
  o.sales = env.sales.get();
  o.catalog = env.catalog.get();
  o.listen_conninfo = env.db->conninfo();
  o.worker_id = worker_id;
  o.global_max_parallel = parallel;
  o.lease_duration = absl::Seconds(3);
  o.cancel_drain_timeout = drain_timeout;
  o.poll_interval = absl::Milliseconds(250);
  o.watch_poke = absl::Milliseconds(200);
  auto created = PgRunManager::Create(o);
  REQUIRE(created.ok());
  (*created)->Start();
  return *std::move(created);
}

// Waits until `done(run)` holds, woken by Watch (progress NOTIFY + periodic poke). Returns the
// last snapshot; FAILs after `timeout`.
RunRecord WaitForRun(RunManager& manager, const std::string& selection_id,
                     const std::function<bool(const RunRecord&)>& done,
                     absl::Duration timeout = absl::Seconds(60)) {
  absl::Mutex mu;
  bool changed = true;
  auto sub = manager.Watch(selection_id, [&] {
    absl::MutexLock lock(&mu);
    changed = true;
  });
  REQUIRE(sub.ok());
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    {
      absl::MutexLock lock(&mu);
      mu.AwaitWithDeadline(absl::Condition(&changed), deadline);
      changed = false;
    }
    auto run = manager.Get(selection_id);
    REQUIRE(run.ok());
    if (done(*run)) return *run;
    if (absl::Now() >= deadline) {
      FAIL("run " << selection_id << " did not reach the expected state; status "
                  << RunStatusName(run->status));
    }
  }
}

bool Terminal(const RunRecord& run) { return IsTerminal(run.status); }

// xgboost with many deep boosting rounds on every fold: seconds of work, cancellable per round.
CandidateSpec SlowCandidate() {
  return {"xgboost", {{"n_estimators", 1000.0}, {"max_depth", 12.0}, {"learning_rate", 0.01}}};
}

TEST_CASE("Submit answers at once and the pool completes the run with a winner", "[runs][pg]") {
  RunTestEnv env;
  auto manager = MakeManager(env, "worker-a");
  auto submitted = manager->Submit(env.Spec({"naive", "seasonal_naive", "moving_average"}));
  REQUIRE(submitted.ok());
  CHECK(submitted->status == RunStatus::kRunning);
  CHECK(submitted->selection_id.size() == 32);
  REQUIRE(submitted->candidates.size() == 3);
  CHECK(submitted->availability.has_value());
  RunRecord run = WaitForRun(*manager, submitted->selection_id, Terminal);
  CHECK(run.status == RunStatus::kCompleted);
  REQUIRE(run.outcome.has_value());
  REQUIRE(run.outcome->winner() != nullptr);
  CHECK(run.outcome->chart_data.has_value());
  for (const CandidateRecord& c : run.candidates) {
    CHECK(c.status == CandidateStatus::kCompleted);
    CHECK(c.folds_done == c.folds_total);
    CHECK(c.folds_total == 3);
    CHECK(c.result.has_value());
    CHECK(c.duration_ms.has_value());
  }
  CHECK(env.QueryInt("SELECT settle_count FROM model_selection_run") == 1);
  CHECK(env.QueryText("SELECT settled_by FROM model_selection_run") == "worker-a");
  CHECK(env.QueryText("SELECT winner ->> 'model_type' FROM model_selection_run") ==
        run.outcome->winner()->model_type);
  // The settle refit the champion and forecast the horizon with P10/P50/P90 around it.
  REQUIRE(run.final_model.has_value());
  const FinalModel& f = *run.final_model;
  CHECK(f.model_type == run.outcome->winner()->model_type);
  CHECK(f.trained_to == absl::CivilDay(2024, 4, 29));
  REQUIRE(f.forecast_values.size() == 7);
  CHECK(f.forecast_dates.front() == absl::CivilDay(2024, 4, 30));
  CHECK(f.quantile_levels == std::vector<double>{0.1, 0.5, 0.9});
  CHECK(f.interval_method == "conformal");
  REQUIRE(f.forecast_quantiles.size() == 3);
  for (std::size_t h = 0; h < f.forecast_values.size(); ++h) {
    CHECK(f.forecast_quantiles[0][h] <= f.forecast_quantiles[1][h]);
    CHECK(f.forecast_quantiles[1][h] <= f.forecast_quantiles[2][h]);
    CHECK(f.forecast_quantiles[0][h] < f.forecast_quantiles[2][h]);  // a real band
  }
}

TEST_CASE("RunSync returns the settled run, equal to Get, with the final model", "[runs][pg]") {
  RunTestEnv env;
  auto manager = MakeManager(env, "worker-sync");
  // No auto_train_winner / auto_predict: every settled run has them now. Levels of its own.
  SelectionSpec spec = env.Spec({"naive", "seasonal_naive", "ses"});
  spec.quantile_levels = {0.25, 0.75};
  auto run = manager->RunSync(spec, nullptr);
  REQUIRE(run.ok());
  CHECK(run->status == RunStatus::kCompleted);
  REQUIRE(run->final_model.has_value());
  CHECK(run->final_model->forecast_values.size() == 7);
  CHECK(run->final_model->forecast_dates.front() == absl::CivilDay(2024, 4, 30));
  CHECK(run->final_model->model_type == run->outcome->winner()->model_type);
  CHECK(run->final_model->quantile_levels == std::vector<double>{0.25, 0.75});
  CHECK(run->final_model->forecast_quantiles.size() == 2);
  auto again = manager->Get(run->selection_id);
  REQUIRE(again.ok());
  CHECK(again->status == run->status);
  CHECK(again->outcome->business_summary.headline == run->outcome->business_summary.headline);
  CHECK(again->candidates.size() == run->candidates.size());
  for (const CandidateRecord& c : again->candidates) CHECK(c.attempt == 1);
  CHECK(env.QueryInt("SELECT settle_count FROM model_selection_run") == 1);
}

// No work without a caller: a RunSync caller that goes away (deadline, disconnect) cancels
// its run, and the backtest threads are free for other work at once.
TEST_CASE("RunSync cancels its run when the caller goes away", "[runs][pg]") {
  RunTestEnv env(400);
  auto manager = MakeManager(env, "worker-a", 1);
  SelectionSpec spec = env.Spec({});
  spec.split.n_splits = 10;
  spec.candidates = {SlowCandidate(), {"naive", {}}};
  const absl::Time give_up = absl::Now() + absl::Seconds(1);
  const absl::Time start = absl::Now();
  auto run = manager->RunSync(spec, [give_up] { return absl::Now() >= give_up; });
  CHECK(run.status().code() == absl::StatusCode::kCancelled);
  CHECK(absl::Now() - start < absl::Seconds(20));  // far less than the slow candidate's run
  const std::string selection_id = env.QueryText("SELECT selection_id FROM model_selection_run");
  RunRecord done = WaitForRun(*manager, selection_id, Terminal, absl::Seconds(30));
  CHECK(done.status == RunStatus::kCancelled);
  CHECK(done.candidates[0].status == CandidateStatus::kCancelled);
  CHECK(done.candidates[1].status == CandidateStatus::kCancelled);
  // The only backtest thread is free again: a new run completes.
  auto next = manager->RunSync(env.Spec({"naive"}), nullptr);
  REQUIRE(next.ok());
  CHECK(next->status == RunStatus::kCompleted);
}

TEST_CASE("An ensemble candidate waits for the others and combines their folds", "[runs][pg]") {
  RunTestEnv env;
  auto manager = MakeManager(env, "worker-a");
  auto submitted =
      manager->Submit(env.Spec({"ensemble", "naive", "seasonal_naive", "moving_average"}));
  REQUIRE(submitted.ok());
  RunRecord run = WaitForRun(*manager, submitted->selection_id, Terminal);
  INFO(run.candidates[0].error_message);
  CHECK(run.status == RunStatus::kCompleted);
  REQUIRE(run.candidates[0].result.has_value());
  CHECK(run.candidates[0].result->model_type == "ensemble");
  CHECK(run.candidates[0].result->folds.size() == 3);
  // The ensemble was claimed after the others completed. The timestamps are each statement's
  // now(), taken before its snapshot: a claim whose snapshot saw a completion may carry a
  // timestamp a fraction of a millisecond older than it.
  for (int i = 1; i < 4; ++i) {
    CHECK(*run.candidates[i].completed_at <=
          *run.candidates[0].started_at + absl::Milliseconds(50));
  }
  // Whichever wins, the ensemble included, the run carries its forecast.
  REQUIRE(run.final_model.has_value());
  CHECK(run.final_model->model_type == run.outcome->winner()->model_type);
  CHECK(run.final_model->forecast_values.size() == 7);
}

TEST_CASE("RunSync with a repeated request_id answers the original run", "[runs][pg]") {
  RunTestEnv env;
  auto manager = MakeManager(env, "worker-a");
  SelectionSpec spec = env.Spec({"naive"});
  spec.request_id = "sync-key";
  auto first = manager->RunSync(spec, nullptr);
  REQUIRE(first.ok());
  auto second = manager->RunSync(spec, nullptr);
  REQUIRE(second.ok());
  CHECK(second->selection_id == first->selection_id);
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_run") == 1);
  CHECK(env.QueryInt("SELECT settle_count FROM model_selection_run") == 1);
}

TEST_CASE("A bad candidate param fails that candidate only: the run is partial", "[runs][pg]") {
  RunTestEnv env;
  auto manager = MakeManager(env, "worker-a");
  SelectionSpec spec = env.Spec({"naive", "moving_average"});
  spec.candidates[1].params = {{"window_size", 0.0}};
  auto run = manager->RunSync(spec, nullptr);
  REQUIRE(run.ok());
  CHECK(run->status == RunStatus::kPartial);
  CHECK(run->candidates[0].status == CandidateStatus::kCompleted);
  CHECK(run->candidates[1].status == CandidateStatus::kFailed);
  CHECK(run->candidates[1].error_type == "INVALID_ARGUMENT");
  CHECK(run->candidates[1].error_message.find("window_size") != std::string::npos);
  REQUIRE(run->outcome->winner() != nullptr);
  CHECK(run->outcome->winner()->model_type == "naive");
}

TEST_CASE("All candidates failing gives a failed run without a winner", "[runs][pg]") {
  RunTestEnv env;
  auto manager = MakeManager(env, "worker-a");
  SelectionSpec spec = env.Spec({"lightgbm", "moving_average"});
  spec.candidates[1].params = {{"window_size", 500.0}};
  auto submitted = manager->Submit(spec);
  REQUIRE(submitted.ok());
  RunRecord run = WaitForRun(*manager, submitted->selection_id, Terminal);
  CHECK(run.status == RunStatus::kFailed);
  REQUIRE(run.outcome.has_value());
  CHECK(run.outcome->winner() == nullptr);
  CHECK(run.outcome->confidence.level == engine::ConfidenceLevel::kLow);
  CHECK(run.candidates[0].error_type == "UNIMPLEMENTED");
}

TEST_CASE("Submit: unusable pair, unknown pair, repeated request_id", "[runs][pg]") {
  RunTestEnv env;
  auto manager = MakeManager(env, "worker-a", 0);
  SelectionSpec unusable = env.Spec({"naive"});
  unusable.store_id = 2;
  unusable.product_id = 2;
  auto rejected = manager->Submit(unusable);
  CHECK(rejected.status().code() == absl::StatusCode::kInvalidArgument);
  const std::string id = env.QueryText("SELECT selection_id FROM model_selection_run");
  CHECK(std::string(rejected.status().message()).find(id) != std::string::npos);
  CHECK(env.QueryText("SELECT status FROM model_selection_run") == "failed");
  SelectionSpec unknown = env.Spec({"naive"});
  unknown.store_id = 99;
  CHECK(manager->Submit(unknown).status().code() == absl::StatusCode::kNotFound);
  SelectionSpec keyed = env.Spec({"naive"});
  keyed.request_id = "client-key-1";
  auto first = manager->Submit(keyed);
  auto second = manager->Submit(keyed);
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(first->selection_id == second->selection_id);
  // The same key with another request is a conflict naming the original run, never it.
  SelectionSpec changed = keyed;
  changed.forecast_horizon = 21;
  auto conflict = manager->Submit(changed);
  CHECK(conflict.status().code() == absl::StatusCode::kAlreadyExists);
  CHECK(std::string(conflict.status().message()).find(first->selection_id) != std::string::npos);
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_run WHERE request_id IS NOT NULL") == 1);
  CHECK(manager->Get("00000000000000000000000000000000").status().code() ==
        absl::StatusCode::kNotFound);
  CHECK(manager->Watch("00000000000000000000000000000000", [] {}).status().code() ==
        absl::StatusCode::kNotFound);
}

TEST_CASE("Cancel before any claim, then again", "[runs][pg]") {
  RunTestEnv env;
  RecordingEvents events;
  auto manager = MakeManager(env, "worker-a", 0, absl::Seconds(10), &events);  // nothing claims
  auto submitted = manager->Submit(env.Spec({"naive", "ses"}));
  REQUIRE(submitted.ok());
  auto cancelled = manager->Cancel(submitted->selection_id);
  REQUIRE(cancelled.ok());
  CHECK(cancelled->status == RunStatus::kCancelled);
  CHECK(events.settled(RunStatus::kCancelled) == 1);
  CHECK(events.cancels() == 1);
  CHECK(cancelled->cancel_requested_at.has_value());
  CHECK(manager->Cancel(submitted->selection_id).status().code() ==
        absl::StatusCode::kFailedPrecondition);
  CHECK(manager->Cancel("00000000000000000000000000000000").status().code() ==
        absl::StatusCode::kNotFound);
}

TEST_CASE("Cancel stops a slow candidate in flight within a fraction of a second", "[runs][pg]") {
  RunTestEnv env(400);
  auto manager = MakeManager(env, "worker-a", 2);
  SelectionSpec spec = env.Spec({});
  spec.split.n_splits = 10;
  spec.candidates = {SlowCandidate(), {"naive", {}}};
  auto submitted = manager->Submit(spec);
  REQUIRE(submitted.ok());
  // Mid-backtest: at least one fold written, most still to go.
  WaitForRun(*manager, submitted->selection_id, [](const RunRecord& r) {
    return r.candidates[0].status == CandidateStatus::kRunning && r.candidates[0].folds_done >= 1;
  });
  const absl::Time start = absl::Now();
  auto cancelled = manager->Cancel(submitted->selection_id);
  const absl::Duration drain = absl::Now() - start;
  std::cout << "cancel drain time with a slow xgboost candidate in flight: "
            << absl::FormatDuration(drain) << std::endl;
  REQUIRE(cancelled.ok());
  CHECK(drain < absl::Seconds(1));
  CHECK(IsTerminal(cancelled->status));
  CHECK(cancelled->candidates[0].status == CandidateStatus::kCancelled);
  CHECK(cancelled->candidates[0].folds_done < cancelled->candidates[0].folds_total);
  std::cout << "the slow candidate stopped after " << cancelled->candidates[0].folds_done << " of "
            << cancelled->candidates[0].folds_total << " folds" << std::endl;
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_candidate WHERE status IN "
                     "('pending', 'running')") == 0);
  CHECK(env.QueryInt("SELECT settle_count FROM model_selection_run") == 1);
}

TEST_CASE("Cancel gives up waiting after the drain timeout, the cancel still completes",
          "[runs][pg]") {
  RunTestEnv env;
  // Nothing claims here; a worker that has stopped answering holds one candidate.
  auto manager = MakeManager(env, "worker-a", 0, absl::Milliseconds(300));
  auto submitted = manager->Submit(env.Spec({"naive", "ses"}));
  REQUIRE(submitted.ok());
  REQUIRE(env.runs->Claim("stuck-worker/0001", absl::Seconds(30))->has_value());
  const absl::Time start = absl::Now();
  auto cancelled = manager->Cancel(submitted->selection_id);
  const absl::Duration waited = absl::Now() - start;
  CHECK(cancelled.status().code() == absl::StatusCode::kDeadlineExceeded);
  CHECK(cancelled.status().message() ==
        "run " + submitted->selection_id +
            " is still draining after 300ms; the cancel proceeds in the background");
  CHECK(waited >= absl::Milliseconds(300));
  CHECK(waited < absl::Seconds(5));
  // The cancel is recorded: the unclaimed candidate is cancelled, the run not yet settled.
  RunRecord now = *manager->Get(submitted->selection_id);
  CHECK(now.cancel_requested_at.has_value());
  CHECK_FALSE(IsTerminal(now.status));
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_candidate WHERE status = "
                     "'cancelled'") == 1);
  CHECK(manager->Cancel(submitted->selection_id).status().code() ==
        absl::StatusCode::kDeadlineExceeded);  // Still draining: asking again waits again.
  // Once the stuck worker's lease has lapsed, a live worker's reaper finishes the cancel.
  env.Exec(
      "UPDATE model_selection_candidate SET lease_expires_at = now() - interval '1 second' "
      "WHERE status = 'running'");
  auto live = MakeManager(env, "worker-b", 1);
  RunRecord done = WaitForRun(*live, submitted->selection_id, Terminal);
  CHECK(done.status == RunStatus::kCancelled);
  CHECK(env.QueryInt("SELECT settle_count FROM model_selection_run") == 1);
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_candidate WHERE status IN "
                     "('pending', 'running')") == 0);
}

TEST_CASE("Two workers sharing one database settle every run exactly once", "[runs][pg]") {
  RunTestEnv env(120, 12);
  RecordingEvents events;
  auto a = MakeManager(env, "worker-a", 2, absl::Seconds(10), &events);
  auto b = MakeManager(env, "worker-b", 2, absl::Seconds(10), &events);
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) {
    RunManager& via = i % 2 == 0 ? static_cast<RunManager&>(*a) : *b;
    auto submitted = via.Submit(env.Spec({"naive", "seasonal_naive", "moving_average", "ses"}));
    REQUIRE(submitted.ok());
    ids.push_back(submitted->selection_id);
  }
  for (const std::string& id : ids) {
    RunRecord run = WaitForRun(*a, id, Terminal);
    CHECK(run.status == RunStatus::kCompleted);
  }
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_run WHERE settle_count = 1") == 6);
  // Each settle and each candidate was reported once, by whichever worker did it (a report
  // follows its commit: the last ones may trail the run's terminal status by a moment).
  const absl::Time reported_by = absl::Now() + absl::Seconds(10);
  while (events.ended(CandidateEnd::kCompleted) < 24 && absl::Now() < reported_by) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  CHECK(events.settled(RunStatus::kCompleted) == 6);
  CHECK(events.ended(CandidateEnd::kCompleted) == 24);
  CHECK(events.ended(CandidateEnd::kLeaseLost) == 0);
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_run WHERE settled_by NOT IN "
                     "('worker-a', 'worker-b')") == 0);
  std::cout << "candidates run by worker-a: "
            << env.QueryInt(
                   "SELECT count(*) FROM model_selection_candidate WHERE lease_owner "
                   "LIKE 'worker-a/%'")
            << ", by worker-b: "
            << env.QueryInt(
                   "SELECT count(*) FROM model_selection_candidate WHERE lease_owner "
                   "LIKE 'worker-b/%'")
            << std::endl;
}

TEST_CASE("The reaper recovers a dead worker's candidate at start-up", "[runs][pg]") {
  RunTestEnv env;
  store::NewRun run = env.NewRunFor({"naive"});
  REQUIRE(env.runs->InsertRun(run).ok());
  REQUIRE(env.runs->Claim("dead-worker/0001", absl::Seconds(30))->has_value());
  env.Exec("UPDATE model_selection_candidate SET lease_expires_at = now() - interval '1 second'");
  auto manager = MakeManager(env, "worker-a");
  RunRecord done = WaitForRun(*manager, run.selection_id, Terminal);
  CHECK(done.status == RunStatus::kCompleted);
  CHECK(done.candidates[0].attempt == 2);
}

// Submits a run of `candidates` (and `n_splits` folds) and waits until its first candidate
// runs. Returns the selection id.
std::string SubmitUntilFirstRuns(RunManager& manager, RunTestEnv& env,
                                 std::vector<CandidateSpec> candidates, int n_splits = 3) {
  SelectionSpec spec = env.Spec({});
  spec.split.n_splits = n_splits;
  spec.candidates = std::move(candidates);
  auto submitted = manager.Submit(spec);
  REQUIRE(submitted.ok());
  WaitForRun(manager, submitted->selection_id, [](const RunRecord& r) {
    return r.candidates[0].status == CandidateStatus::kRunning;
  });
  return submitted->selection_id;
}

TEST_CASE("Stop gives a running candidate back to the queue", "[runs][pg]") {
  RunTestEnv env(400);
  auto manager = MakeManager(env, "worker-a", 1);
  SubmitUntilFirstRuns(*manager, env, {SlowCandidate()}, 10);
  const absl::Time start = absl::Now();
  manager->Stop();
  std::cout << "stop with a candidate in flight: " << absl::FormatDuration(absl::Now() - start)
            << std::endl;
  CHECK(env.QueryText("SELECT status FROM model_selection_candidate") == "pending");
  CHECK(env.QueryInt("SELECT attempt FROM model_selection_candidate") == 1);
  CHECK(env.QueryInt("SELECT released_attempts FROM model_selection_candidate") == 1);
}

// A candidate of about a second: seconds would make the test slow, milliseconds would end
// before the drain starts.
CandidateSpec MediumCandidate() {
  return {"xgboost", {{"n_estimators", 150.0}, {"max_depth", 8.0}, {"learning_rate", 0.05}}};
}

TEST_CASE("Drain lets the candidate in flight finish and claims nothing more", "[runs][pg]") {
  RunTestEnv env(400);
  auto manager = MakeManager(env, "worker-a", 1);
  const std::string selection_id =
      SubmitUntilFirstRuns(*manager, env, {MediumCandidate(), {"naive", {}}, {"ses", {}}});
  CHECK(manager->Drain(absl::Seconds(60)));
  // The one in flight completed here; the others were never claimed (attempt 0) and wait
  // in the queue for another worker.
  CHECK(env.QueryText("SELECT status FROM model_selection_candidate WHERE ordinal = 0") ==
        "completed");
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_candidate WHERE ordinal > 0 AND "
                     "status = 'pending' AND attempt = 0 AND lease_owner IS NULL") == 2);
  CHECK(env.QueryInt("SELECT released_attempts FROM model_selection_candidate WHERE "
                     "ordinal = 0") == 0);

  // Another worker finishes the run.
  auto other = MakeManager(env, "worker-b", 1);
  const RunRecord settled = WaitForRun(*other, selection_id, Terminal);
  CHECK(settled.status == RunStatus::kCompleted);
  CHECK(env.QueryInt("SELECT settle_count FROM model_selection_run") == 1);
}

TEST_CASE("Drain hands back what does not finish within the grace, at once", "[runs][pg]") {
  RunTestEnv env(400);
  auto manager = MakeManager(env, "worker-a", 1);
  SubmitUntilFirstRuns(*manager, env, {SlowCandidate()}, 10);
  CHECK_FALSE(manager->Drain(absl::Milliseconds(200)));
  // Back in the queue with no lease: another worker may claim it now, not after expiry.
  CHECK(env.QueryText("SELECT status FROM model_selection_candidate") == "pending");
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_candidate WHERE lease_owner IS NULL "
                     "AND lease_expires_at IS NULL") == 1);
  CHECK(env.QueryInt("SELECT released_attempts FROM model_selection_candidate") == 1);
}

// As after a PostgreSQL outage: the reaper requeues a candidate whose attempt is still running
// here, and this same worker claims it again. The stale attempt must stop at its next
// heartbeat (freeing its thread) and write nothing; the new attempt finishes the run.
TEST_CASE("A stale attempt stops when its own worker claims the candidate again", "[runs][pg]") {
  RunTestEnv env(400);
  auto manager = MakeManager(env, "worker-a", 2);
  const std::string slow = SubmitUntilFirstRuns(*manager, env, {SlowCandidate()}, 3);
  env.Exec(
      "UPDATE model_selection_candidate SET status = 'pending', lease_owner = NULL, "
      "lease_expires_at = NULL, folds_done = 0 WHERE status = 'running'");
  env.Exec("NOTIFY selection_work");
  WaitForRun(*manager, slow, [](const RunRecord& r) {
    return r.candidates[0].status == CandidateStatus::kRunning && r.candidates[0].attempt == 2;
  });
  // Both threads were busy until the stale attempt stopped: a quick run now gets one.
  auto quick = manager->Submit(env.Spec({"naive"}));
  REQUIRE(quick.ok());
  RunRecord quick_done = WaitForRun(*manager, quick->selection_id, Terminal, absl::Seconds(20));
  CHECK(quick_done.status == RunStatus::kCompleted);
  auto slow_now = manager->Get(slow);
  REQUIRE(slow_now.ok());
  CHECK(slow_now->candidates[0].status == CandidateStatus::kRunning);

  RunRecord done = WaitForRun(*manager, slow, Terminal, absl::Seconds(180));
  CHECK(done.status == RunStatus::kCompleted);
  CHECK(done.candidates[0].attempt == 2);
  CHECK(done.candidates[0].error_message.empty());
  CHECK(done.candidates[0].folds_done == done.candidates[0].folds_total);
  CHECK(env.QueryInt("SELECT settle_count FROM model_selection_run WHERE selection_id = '" + slow +
                     "'") == 1);
}

TEST_CASE("The manager keeps working after its database connections are killed", "[runs][pg]") {
  RunTestEnv env;
  auto manager = MakeManager(env, "worker-a");
  auto first = manager->RunSync(env.Spec({"naive"}), nullptr);
  REQUIRE(first.ok());
  // Every session of the test database dies, as in a PostgreSQL restart.
  env.Exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  absl::StatusOr<RunRecord> submitted = absl::UnavailableError("not tried");
  for (int attempt = 0; attempt < 3 && !submitted.ok(); ++attempt) {
    submitted = manager->Submit(env.Spec({"naive", "ses"}));  // pooled sessions reconnect
  }
  REQUIRE(submitted.ok());
  RunRecord run = WaitForRun(*manager, submitted->selection_id, Terminal);
  CHECK(run.status == RunStatus::kCompleted);
}

TEST_CASE("Probe: the slow candidate's uncancelled duration", "[runs][pg][.slow]") {
  RunTestEnv env(400);
  auto manager = MakeManager(env, "worker-a", 1);
  SelectionSpec spec = env.Spec({});
  spec.split.n_splits = 10;
  spec.candidates = {SlowCandidate()};
  const absl::Time start = absl::Now();
  auto run = manager->RunSync(spec, nullptr);
  REQUIRE(run.ok());
  std::cout << "slow candidate: " << CandidateStatusName(run->candidates[0].status) << " in "
            << absl::FormatDuration(absl::Now() - start) << std::endl;
}

}  // namespace
}  // namespace champion::runs
