#include "store/pg_run_repository.h"

#include <libpq-fe.h>
#include <poll.h>

#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "run_test_env.h"
#include "store/pg_connection.h"

namespace champion::store {
namespace {

using runs::CandidateStatus;
using CandidateAttempt = store::CandidateAttempt;
using runs::RunStatus;
using test::RunTestEnv;

engine::BacktestResult FakeResult(const std::string& model_type, double wape) {
  engine::BacktestResult r;
  r.model_type = model_type;
  engine::FoldResult fold;
  fold.fold = {0, 0, 30, 30, 33};
  fold.dates = {absl::CivilDay(2024, 1, 31), absl::CivilDay(2024, 2, 1),
                absl::CivilDay(2024, 2, 2)};
  fold.actuals = {10, 12, 11};
  fold.predictions = {11, 11, 11};
  fold.metrics[engine::Metric::kMae] = 1;
  fold.metrics[engine::Metric::kRmse] = 1;
  fold.metrics[engine::Metric::kSmape] = 5;
  fold.metrics[engine::Metric::kWape] = wape;
  fold.metrics[engine::Metric::kBias] = 0.1;
  fold.metrics[engine::Metric::kMase] = std::numeric_limits<double>::quiet_NaN();
  r.folds = {fold};
  r.metrics[engine::Metric::kWape] = {wape, 0};
  r.metrics[engine::Metric::kSmape] = {5, 0};
  r.metrics[engine::Metric::kMae] = {1, 0};
  r.metrics[engine::Metric::kRmse] = {1, 0};
  r.metrics[engine::Metric::kBias] = {0.1, 0};
  r.metrics.sample_size = 3;
  r.metrics.fold_count = 1;
  return r;
}

CandidateOutcome Completed(const std::string& model_type, double wape) {
  CandidateOutcome o;
  o.status = CandidateStatus::kCompleted;
  o.result = FakeResult(model_type, wape);
  o.duration_ms = 5;
  return o;
}

// As if every running candidate's worker had stopped renewing long ago.
void ExpireRunningLeases(const RunTestEnv& env) {
  env.Exec(
      "UPDATE model_selection_candidate SET lease_expires_at = now() - interval '1 second' "
      "WHERE status = 'running'");
}

// The next notification on `conn`, waiting up to 10 s for it (delivery is asynchronous).
PGnotify* WaitForNotify(PGconn* conn) {
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (absl::Now() < deadline) {
    if (PQconsumeInput(conn) != 1) return nullptr;
    if (PGnotify* n = PQnotifies(conn)) return n;
    pollfd fd{PQsocket(conn), POLLIN, 0};
    poll(&fd, 1, 100);
  }
  return nullptr;
}

TEST_CASE("InsertRun writes the run and pending candidates and notifies selection_work",
          "[store][pg][runs]") {
  RunTestEnv env;
  auto listener = env.db->Connect();
  *listener << "LISTEN selection_work";
  NewRun run = env.NewRunFor({"naive", "moving_average", "seasonal_naive"});
  run.spec.candidates[1].params = {{"window_size", 14.0}};
  auto inserted = env.runs->InsertRun(run);
  REQUIRE(inserted.ok());
  CHECK(inserted->created);
  auto got = env.runs->GetRun(run.selection_id);
  REQUIRE(got.ok());
  CHECK(got->status == RunStatus::kRunning);
  CHECK(got->started_at.has_value());
  CHECK(got->spec.window_end == absl::CivilDay(2024, 4, 29));
  REQUIRE(got->candidates.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(got->candidates[i].ordinal == i);
    CHECK(got->candidates[i].status == CandidateStatus::kPending);
    CHECK(got->candidates[i].folds_total == 3);
  }
  CHECK(got->candidates[1].model_type == "moving_average");
  CHECK(std::get<double>(got->candidates[1].params.at("window_size")) == 14.0);
  PGnotify* n = WaitForNotify(NativeConnection(*listener));
  REQUIRE(n != nullptr);
  CHECK(std::string(n->extra) == run.selection_id);
  PQfreemem(n);
}

TEST_CASE("InsertRun records an unusable pair as a failed run without candidates",
          "[store][pg][runs]") {
  RunTestEnv env;
  NewRun run = env.NewRunFor({"naive"});
  run.failure_message = "too little data";
  REQUIRE(env.runs->InsertRun(run).ok());
  auto got = env.runs->GetRun(run.selection_id);
  REQUIRE(got.ok());
  CHECK(got->status == RunStatus::kFailed);
  CHECK(got->error_message == "too little data");
  CHECK(got->candidates.empty());
  CHECK(got->completed_at.has_value());
  CHECK(env.runs->GetRun("0123456789abcdef0123456789abcdef").status().code() ==
        absl::StatusCode::kNotFound);
}

TEST_CASE("A repeated request_id returns the original run, also when racing", "[store][pg][runs]") {
  RunTestEnv env;
  NewRun first = env.NewRunFor({"naive"});
  first.spec.request_id = "req-1";
  REQUIRE(env.runs->InsertRun(first).ok());
  NewRun again = env.NewRunFor({"naive"});
  again.spec.request_id = "req-1";
  auto repeated = env.runs->InsertRun(again);
  REQUIRE(repeated.ok());
  CHECK_FALSE(repeated->created);
  CHECK(repeated->selection_id == first.selection_id);

  std::vector<std::thread> threads;
  std::vector<absl::StatusOr<InsertOutcome>> results(6, absl::UnknownError("unset"));
  std::vector<NewRun> racers;
  for (int i = 0; i < 6; ++i) {
    racers.push_back(env.NewRunFor({"naive", "ses"}));
    racers.back().spec.request_id = "req-race";
  }
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] { results[i] = env.runs->InsertRun(racers[i]); });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> ids;
  int created = 0;
  for (const auto& r : results) {
    REQUIRE(r.ok());
    ids.insert(r->selection_id);
    created += r->created ? 1 : 0;
  }
  CHECK(created == 1);
  CHECK(ids.size() == 1);
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_run WHERE request_id = 'req-race'") ==
        1);
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_candidate c JOIN model_selection_run r "
                     "USING (selection_id) WHERE r.request_id = 'req-race'") == 2);
}

TEST_CASE("request_id idempotency is per caller", "[store][pg][runs]") {
  RunTestEnv env;
  NewRun mine = env.NewRunFor({"naive"});
  mine.spec.request_id = "nightly";
  mine.spec.requested_by = "token:planner";
  NewRun theirs = env.NewRunFor({"naive"});
  theirs.spec.request_id = "nightly";
  theirs.spec.requested_by = "jwt:svc-replenishment";
  auto first = env.runs->InsertRun(mine);
  auto second = env.runs->InsertRun(theirs);
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(first->created);
  CHECK(second->created);  // the same key from another caller is another run
  CHECK(second->selection_id != first->selection_id);
  NewRun repeat = env.NewRunFor({"naive"});
  repeat.spec.request_id = "nightly";
  repeat.spec.requested_by = "jwt:svc-replenishment";
  auto repeated = env.runs->InsertRun(repeat);
  REQUIRE(repeated.ok());
  CHECK_FALSE(repeated->created);
  CHECK(repeated->selection_id == theirs.selection_id);
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_run WHERE request_id = 'nightly'") == 2);
}

TEST_CASE("Claim takes the oldest pending candidate and SKIP LOCKED gives distinct ones",
          "[store][pg][runs]") {
  RunTestEnv env;
  NewRun run = env.NewRunFor({"naive", "ses", "holt", "theta"});
  REQUIRE(env.runs->InsertRun(run).ok());
  // Another session holds a row lock on ordinal 0: the claim skips it.
  auto other = env.db->Connect();
  soci::transaction tx(*other);
  std::string locked;
  *other << "SELECT candidate_id::text FROM model_selection_candidate WHERE ordinal = 0 "
            "FOR UPDATE",
      soci::into(locked);
  auto claimed = env.runs->Claim("w1/a", absl::Seconds(30));
  REQUIRE(claimed.ok());
  REQUIRE(claimed->has_value());
  CHECK((*claimed)->ordinal == 1);
  CHECK((*claimed)->attempt == 1);
  CHECK((*claimed)->spec.candidates.size() == 4);
  tx.rollback();

  // Concurrent claimers never get the same candidate.
  std::vector<std::string> got(3);
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] {
      auto c = env.runs->Claim("w" + std::to_string(i), absl::Seconds(30));
      if (c.ok() && c->has_value()) got[i] = (*c)->candidate_id;
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> distinct(got.begin(), got.end());
  CHECK(distinct.size() == 3);
  CHECK(distinct.count("") == 0);
  auto none = env.runs->Claim("w9", absl::Seconds(30));
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_candidate WHERE status = 'running' "
                     "AND lease_expires_at > now() AND started_at IS NOT NULL") == 4);
}

TEST_CASE("A candidate is claimable only once every lower stage of its run is terminal",
          "[store][pg][runs]") {
  RunTestEnv env;
  NewRun run = env.NewRunFor({"ensemble", "naive", "later"});
  run.stages = {1, 0, 2};
  REQUIRE(env.runs->InsertRun(run).ok());
  CHECK(env.QueryText("SELECT string_agg(stage::text, ',' ORDER BY ordinal) FROM "
                      "model_selection_candidate WHERE selection_id = '" +
                      run.selection_id + "'") == "1,0,2");
  for (const auto& [ordinal, unfinished_after] : {std::pair{1, 2}, {0, 1}, {2, 0}}) {
    auto claimed = env.runs->Claim("w", absl::Seconds(30));
    REQUIRE(claimed.ok());
    REQUIRE(claimed->has_value());
    CHECK((*claimed)->ordinal == ordinal);
    auto blocked = env.runs->Claim("w", absl::Seconds(30));
    REQUIRE(blocked.ok());
    CHECK_FALSE(blocked->has_value());  // The next stage waits while this one runs.
    auto finished = env.runs->FinishCandidate((*claimed)->Attempt(), "w",
                                              Completed((*claimed)->model_type, 10));
    REQUIRE(finished.ok());
    CHECK(finished->written);
    CHECK(finished->unfinished == unfinished_after);
  }
}

TEST_CASE("Candidates without a stage all start at once", "[store][pg][runs]") {
  RunTestEnv env;
  NewRun run = env.NewRunFor({"ensemble", "naive"});  // The store knows no model names.
  REQUIRE(env.runs->InsertRun(run).ok());
  for (int i = 0; i < 2; ++i) {
    auto claimed = env.runs->Claim("w", absl::Seconds(30));
    REQUIRE(claimed.ok());
    CHECK(claimed->has_value());
  }
}

TEST_CASE("Terminal writes and progress are compare-and-set on the attempt and owner",
          "[store][pg][runs]") {
  RunTestEnv env;
  NewRun run = env.NewRunFor({"naive", "ses"});
  REQUIRE(env.runs->InsertRun(run).ok());
  auto claimed = env.runs->Claim("me", absl::Seconds(30));
  REQUIRE(claimed.ok());
  const CandidateAttempt first = (*claimed)->Attempt();
  CHECK(first.attempt == 1);
  CHECK(*env.runs->RecordProgress(first, "me", 2));
  CHECK_FALSE(*env.runs->RecordProgress(first, "someone-else", 3));
  CHECK_FALSE(*env.runs->RecordProgress({first.candidate_id, 2}, "me", 3));
  auto foreign = env.runs->FinishCandidate(first, "someone-else", Completed("naive", 5));
  REQUIRE(foreign.ok());
  CHECK_FALSE(foreign->written);
  auto renewed = env.runs->RenewLeases("me", {first}, absl::Seconds(30));
  REQUIRE(renewed.ok());
  REQUIRE(renewed->size() == 1);
  CHECK(renewed->front().held == first);
  CHECK_FALSE(renewed->front().cancel_requested);
  // The lease expires and the reaper requeues it: the old holder's result is discarded.
  ExpireRunningLeases(env);
  auto reaped = env.runs->Reap(3, absl::ZeroDuration());
  REQUIRE(reaped.ok());
  CHECK(reaped->requeued == 1);
  auto late = env.runs->FinishCandidate(first, "me", Completed("naive", 5));
  REQUIRE(late.ok());
  CHECK_FALSE(late->written);
  CHECK(env.runs->RenewLeases("me", {first}, absl::Seconds(30))->empty());
  auto got = env.runs->GetRun(run.selection_id);
  REQUIRE(got.ok());
  CHECK(got->candidates[0].status == CandidateStatus::kPending);
  CHECK(got->candidates[0].attempt == 1);
  CHECK(got->candidates[0].folds_done == 0);
  CHECK_FALSE(got->candidates[0].result.has_value());
  // The next claim is attempt 2; the owner's write now lands, exactly once.
  auto again = env.runs->Claim("you", absl::Seconds(30));
  REQUIRE(again.ok());
  CHECK((*again)->candidate_id == first.candidate_id);
  CHECK((*again)->attempt == 2);
  CHECK(env.runs->FinishCandidate((*again)->Attempt(), "you", Completed("naive", 5))->written);
  CHECK_FALSE(
      env.runs->FinishCandidate((*again)->Attempt(), "you", Completed("naive", 5))->written);
  got = env.runs->GetRun(run.selection_id);
  CHECK(got->candidates[0].status == CandidateStatus::kCompleted);
  REQUIRE(got->candidates[0].result.has_value());
  CHECK(got->candidates[0].result->folds.size() == 1);
  CHECK(std::isnan(got->candidates[0].result->folds[0].metrics[engine::Metric::kMase]));
}

// The defect: after an outage the reaper requeued a candidate whose first attempt was still
// running, the same process claimed it again, and the stale attempt's writes landed because
// the lease checks compared the owner only.
TEST_CASE("A stale attempt writes nothing after its own process claims the candidate again",
          "[store][pg][runs]") {
  RunTestEnv env;
  NewRun run = env.NewRunFor({"naive"});
  REQUIRE(env.runs->InsertRun(run).ok());
  auto claimed = env.runs->Claim("me", absl::Seconds(30));
  REQUIRE(claimed.ok());
  const CandidateAttempt stale = (*claimed)->Attempt();
  ExpireRunningLeases(env);
  REQUIRE(env.runs->Reap(3, absl::ZeroDuration())->requeued == 1);
  auto again = env.runs->Claim("me", absl::Seconds(30));
  REQUIRE(again.ok());
  REQUIRE(again->has_value());
  const CandidateAttempt fresh = (*again)->Attempt();
  CHECK(fresh.candidate_id == stale.candidate_id);
  CHECK(fresh.attempt == 2);

  CHECK_FALSE(*env.runs->RecordProgress(stale, "me", 3));
  auto renewed = env.runs->RenewLeases("me", {stale, fresh}, absl::Seconds(30));
  REQUIRE(renewed.ok());
  REQUIRE(renewed->size() == 1);
  CHECK(renewed->front().held == fresh);
  CandidateOutcome cancelled;
  cancelled.status = CandidateStatus::kCancelled;
  cancelled.error_message = "cancelled by request";
  CHECK_FALSE(env.runs->FinishCandidate(stale, "me", cancelled)->written);
  CHECK_FALSE(*env.runs->ReleaseCandidate(stale, "me"));
  CHECK(env.QueryText("SELECT status FROM model_selection_candidate") == "running");
  CHECK(env.QueryInt("SELECT folds_done FROM model_selection_candidate") == 0);

  CHECK(*env.runs->RecordProgress(fresh, "me", 1));
  CHECK(env.runs->FinishCandidate(fresh, "me", Completed("naive", 7))->written);
  auto got = env.runs->GetRun(run.selection_id);
  REQUIRE(got.ok());
  CHECK(got->candidates[0].status == CandidateStatus::kCompleted);
  CHECK(got->candidates[0].attempt == 2);
  CHECK(got->candidates[0].error_message.empty());
}

TEST_CASE("ReleaseCandidate gives a held candidate back without counting the attempt",
          "[store][pg][runs]") {
  RunTestEnv env;
  REQUIRE(env.runs->InsertRun(env.NewRunFor({"naive"})).ok());
  auto claimed = env.runs->Claim("me", absl::Seconds(30));
  REQUIRE(claimed.ok());
  CHECK_FALSE(*env.runs->ReleaseCandidate((*claimed)->Attempt(), "other"));
  CHECK(*env.runs->ReleaseCandidate((*claimed)->Attempt(), "me"));
  CHECK(env.QueryText("SELECT status FROM model_selection_candidate") == "pending");
  // The attempt number is never reused; the hand-back is not counted against max_attempts.
  CHECK(env.QueryInt("SELECT attempt FROM model_selection_candidate") == 1);
  CHECK(env.QueryInt("SELECT released_attempts FROM model_selection_candidate") == 1);
  auto again = env.runs->Claim("me", absl::Seconds(30));
  REQUIRE(again.ok());
  CHECK((*again)->attempt == 2);
  // With max_attempts 2, the second claim is only the first counted one: requeued.
  ExpireRunningLeases(env);
  auto reaped = env.runs->Reap(2, absl::ZeroDuration());
  REQUIRE(reaped.ok());
  CHECK(reaped->requeued == 1);
  CHECK(reaped->failed == 0);
  auto third = env.runs->Claim("me", absl::Seconds(30));
  REQUIRE(third.ok());
  CHECK((*third)->attempt == 3);
  ExpireRunningLeases(env);
  reaped = env.runs->Reap(2, absl::ZeroDuration());
  REQUIRE(reaped.ok());
  CHECK(reaped->failed == 1);
  CHECK(env.QueryText("SELECT error_message FROM model_selection_candidate") ==
        "worker lost: lease expired after 2 attempt(s)");
}

TEST_CASE("ListRuns filters, orders newest first and paginates", "[store][pg][runs]") {
  RunTestEnv env;
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    NewRun run = env.NewRunFor({"naive"});
    if (i == 2) run.failure_message = "unusable";
    REQUIRE(env.runs->InsertRun(run).ok());
    ids.push_back(run.selection_id);
  }
  runs::RunFilter filter;
  filter.page_size = 2;
  auto page1 = env.runs->ListRuns(filter);
  REQUIRE(page1.ok());
  REQUIRE(page1->runs.size() == 2);
  CHECK(page1->runs[0].selection_id == ids[4]);
  CHECK(page1->runs[0].candidates.size() == 1);
  CHECK_FALSE(page1->next_page_token.empty());
  filter.page_token = page1->next_page_token;
  auto page2 = env.runs->ListRuns(filter);
  REQUIRE(page2.ok());
  CHECK(page2->runs[0].selection_id == ids[2]);
  filter.page_token = page2->next_page_token;
  auto page3 = env.runs->ListRuns(filter);
  REQUIRE(page3.ok());
  CHECK(page3->runs.size() == 1);
  CHECK(page3->next_page_token.empty());
  runs::RunFilter failed;
  failed.status = RunStatus::kFailed;
  failed.store_id = 1;
  CHECK(env.runs->ListRuns(failed)->runs.size() == 1);
  failed.product_id = 2;
  CHECK(env.runs->ListRuns(failed)->runs.empty());
  // Each run carries its pair's catalog labels.
  CHECK(page1->runs[0].labels.store_code == env.QueryText("SELECT code FROM store WHERE id = 1"));
  CHECK(page1->runs[0].labels.store_name == env.QueryText("SELECT name FROM store WHERE id = 1"));
  CHECK(page1->runs[0].labels.product_sku == env.QueryText("SELECT sku FROM product WHERE id = 1"));
  CHECK(page1->runs[0].labels.product_name ==
        env.QueryText("SELECT name FROM product WHERE id = 1"));
  CHECK_FALSE(page1->runs[0].labels.product_name.empty());
  // Creation days, inclusive, in UTC: today holds all five, the day before none.
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  runs::RunFilter created;
  created.created_from = today;
  created.created_to = today;
  CHECK(env.runs->ListRuns(created)->runs.size() == 5);
  created.created_from = today - 1;
  created.created_to = today - 1;
  CHECK(env.runs->ListRuns(created)->runs.empty());
  created.created_to.reset();
  CHECK(env.runs->ListRuns(created)->runs.size() == 5);
  runs::RunFilter bad;
  bad.page_token = "garbage";
  CHECK(env.runs->ListRuns(bad).status().code() == absl::StatusCode::kInvalidArgument);
  bad.page_token.clear();
  bad.page_size = 0;
  CHECK(env.runs->ListRuns(bad).status().code() == absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace champion::store
