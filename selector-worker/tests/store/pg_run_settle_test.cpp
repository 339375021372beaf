// Settle exactly once, cancel and the reaper of PgRunRepository.

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "common/status_macros.h"
#include "run_test_env.h"
#include "store/pg_run_repository.h"

namespace champion::store {
namespace {

using runs::CandidateStatus;
using runs::RunStatus;
using test::RunTestEnv;

// A stand-in settle computation: the ranking of the completed candidates by the number of
// them (the real one is runs::ComputeOutcome; here only the write path matters).
absl::StatusOr<Settlement> CountingSettle(const runs::RunRecord& run) {
  engine::SelectionOutcome outcome;
  outcome.business_summary.headline = "settled " + std::to_string(run.candidates.size());
  outcome.confidence.reasons = {"no candidate produced a valid backtest"};
  return Settlement{.outcome = std::move(outcome), .final_model = std::nullopt};
}

CandidateOutcome Terminal(CandidateStatus status) {
  CandidateOutcome o;
  o.status = status;
  if (status == CandidateStatus::kCompleted) {
    o.result = engine::BacktestResult{};
    o.result->model_type = "naive";
  } else {
    o.error_message = status == CandidateStatus::kFailed ? "boom" : "cancelled by request";
    o.error_type = status == CandidateStatus::kFailed ? "INVALID_ARGUMENT" : "CANCELLED";
  }
  return o;
}

// Claims and finishes every candidate of the only run with the given statuses, in order.
void FinishAll(RunTestEnv& env, const std::vector<CandidateStatus>& statuses) {
  for (CandidateStatus status : statuses) {
    auto claimed = env.runs->Claim("w", absl::Seconds(30));
    REQUIRE(claimed.ok());
    REQUIRE(claimed->has_value());
    REQUIRE(env.runs->FinishCandidate((*claimed)->Attempt(), "w", Terminal(status))->written);
  }
}

TEST_CASE("Terminal run status follows docs/API.md's table", "[store][pg][runs]") {
  using C = CandidateStatus;
  const std::vector<std::pair<std::vector<C>, RunStatus>> table = {
      {{C::kCompleted, C::kCompleted}, RunStatus::kCompleted},
      {{C::kFailed, C::kFailed}, RunStatus::kFailed},
      {{C::kCompleted, C::kFailed}, RunStatus::kPartial},
      {{C::kFailed, C::kCompleted}, RunStatus::kPartial},
      {{C::kCancelled, C::kCancelled}, RunStatus::kCancelled},
      {{C::kCompleted, C::kCancelled}, RunStatus::kPartial},
      {{C::kFailed, C::kCancelled}, RunStatus::kFailed},
  };
  for (const auto& [statuses, expected] : table) {
    RunTestEnv env;
    NewRun run = env.NewRunFor(std::vector<std::string>(statuses.size(), "naive"));
    REQUIRE(env.runs->InsertRun(run).ok());
    FinishAll(env, statuses);
    auto settled = env.runs->SettleRun(run.selection_id, "w", CountingSettle);
    REQUIRE(settled.ok());
    CHECK(*settled);
    auto got = env.runs->GetRun(run.selection_id);
    REQUIRE(got.ok());
    CHECK(runs::RunStatusName(got->status) == std::string(runs::RunStatusName(expected)));
    REQUIRE(got->outcome.has_value());
    CHECK(got->outcome->business_summary.headline == "settled " + std::to_string(statuses.size()));
    CHECK(got->completed_at.has_value());
    CHECK_FALSE(got->final_model.has_value());  // the settle gave none
  }
}

TEST_CASE("The settle writes the champion's final model and forecast with the outcome",
          "[store][pg][runs]") {
  RunTestEnv env;
  NewRun run = env.NewRunFor({"naive"});
  REQUIRE(env.runs->InsertRun(run).ok());
  FinishAll(env, {CandidateStatus::kCompleted});
  runs::FinalModel model;
  model.model_type = "naive";
  model.trained_from = absl::CivilDay(2024, 1, 1);
  model.trained_to = absl::CivilDay(2024, 3, 31);
  model.n_observations = 91;
  model.forecast_dates = {absl::CivilDay(2024, 4, 1), absl::CivilDay(2024, 4, 2)};
  model.forecast_values = {5.0, 6.0};
  model.quantile_levels = {0.1, 0.9};
  model.forecast_quantiles = {{3.0, 3.5}, {7.0, 8.5}};
  model.interval_method = "conformal";
  auto settle = [&model](const runs::RunRecord& r) -> absl::StatusOr<Settlement> {
    ASSIGN_OR_RETURN(Settlement s, CountingSettle(r));
    s.final_model = model;
    return s;
  };
  REQUIRE(*env.runs->SettleRun(run.selection_id, "w", settle));
  auto got = env.runs->GetRun(run.selection_id);
  REQUIRE(got.ok());
  REQUIRE(got->final_model.has_value());
  CHECK(got->final_model->model_type == "naive");
  CHECK(got->final_model->forecast_dates == model.forecast_dates);
  CHECK(got->final_model->forecast_values == model.forecast_values);
  CHECK(got->final_model->quantile_levels == model.quantile_levels);
  CHECK(got->final_model->forecast_quantiles == model.forecast_quantiles);
  CHECK(got->final_model->interval_method == "conformal");
  // A failing settle function writes nothing, the final model included.
  NewRun second = env.NewRunFor({"naive"});
  REQUIRE(env.runs->InsertRun(second).ok());
  FinishAll(env, {CandidateStatus::kCompleted});
  auto failing = [](const runs::RunRecord&) -> absl::StatusOr<Settlement> {
    return absl::InternalError("no outcome");
  };
  CHECK_FALSE(env.runs->SettleRun(second.selection_id, "w", failing).ok());
  auto untouched = env.runs->GetRun(second.selection_id);
  REQUIRE(untouched.ok());
  CHECK_FALSE(untouched->final_model.has_value());
  CHECK_FALSE(runs::IsTerminal(untouched->status));
}

TEST_CASE("SettleRun waits for every candidate and settles exactly once under a race",
          "[store][pg][runs]") {
  RunTestEnv env(120, 10);
  NewRun run = env.NewRunFor({"naive", "ses"});
  REQUIRE(env.runs->InsertRun(run).ok());
  FinishAll(env, {CandidateStatus::kCompleted});
  auto early = env.runs->SettleRun(run.selection_id, "w", CountingSettle);
  REQUIRE(early.ok());
  CHECK_FALSE(*early);
  FinishAll(env, {CandidateStatus::kCompleted});
  std::atomic<int> settled{0}, errors{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto r = env.runs->SettleRun(run.selection_id, "w" + std::to_string(i), CountingSettle);
      if (!r.ok()) ++errors;
      if (r.ok() && *r) ++settled;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(errors == 0);
  CHECK(settled == 1);
  CHECK(env.QueryInt("SELECT settle_count FROM model_selection_run") == 1);
  CHECK(env.QueryText("SELECT status FROM model_selection_run") == "completed");
  CHECK(env.QueryInt("SELECT completed_candidates FROM model_selection_run") == 2);
}

TEST_CASE("Cancel before any claim cancels every candidate, a second cancel is refused",
          "[store][pg][runs]") {
  RunTestEnv env;
  NewRun run = env.NewRunFor({"naive", "ses", "holt"});
  REQUIRE(env.runs->InsertRun(run).ok());
  auto cancelled = env.runs->RequestCancel(run.selection_id);
  REQUIRE(cancelled.ok());
  CHECK(cancelled->cancelled_pending == 3);
  CHECK(cancelled->running == 0);
  CHECK_FALSE(env.runs->Claim("w", absl::Seconds(30))->has_value());
  CHECK(*env.runs->IsCancelRequested(run.selection_id));
  // Repeating it while the run drains is harmless.
  CHECK(env.runs->RequestCancel(run.selection_id).ok());
  REQUIRE(*env.runs->SettleRun(run.selection_id, "w", CountingSettle));
  CHECK(env.runs->GetRunStatus(run.selection_id).value() == RunStatus::kCancelled);
  CHECK(env.runs->RequestCancel(run.selection_id).status().code() ==
        absl::StatusCode::kFailedPrecondition);
  CHECK(env.runs->RequestCancel("ffffffffffffffffffffffffffffffff").status().code() ==
        absl::StatusCode::kNotFound);
  auto got = env.runs->GetRun(run.selection_id);
  for (const auto& c : got->candidates) {
    CHECK(c.status == CandidateStatus::kCancelled);
    CHECK(c.error_message == "cancelled by request");
  }
}

TEST_CASE("Cancel with a running candidate: partial after it completes, failed + cancelled",
          "[store][pg][runs]") {
  RunTestEnv env;
  NewRun run = env.NewRunFor({"naive", "ses", "holt"});
  REQUIRE(env.runs->InsertRun(run).ok());
  auto a = env.runs->Claim("w", absl::Seconds(30));
  auto b = env.runs->Claim("w", absl::Seconds(30));
  auto cancelled = env.runs->RequestCancel(run.selection_id);
  REQUIRE(cancelled.ok());
  CHECK(cancelled->cancelled_pending == 1);
  CHECK(cancelled->running == 2);
  auto renewed = env.runs->RenewLeases("w", {(*a)->Attempt()}, absl::Seconds(30));
  REQUIRE(renewed->size() == 1);
  CHECK(renewed->front().cancel_requested);
  REQUIRE(
      env.runs->FinishCandidate((*a)->Attempt(), "w", Terminal(CandidateStatus::kFailed))->written);
  CHECK_FALSE(*env.runs->SettleRun(run.selection_id, "w", CountingSettle));
  REQUIRE(env.runs->FinishCandidate((*b)->Attempt(), "w", Terminal(CandidateStatus::kCancelled))
              ->written);
  CHECK(*env.runs->SettleRun(run.selection_id, "w", CountingSettle));
  CHECK(env.QueryText("SELECT status FROM model_selection_run") == "failed");
}

TEST_CASE("Cancel racing the settle: one settle write, never a running candidate",
          "[store][pg][runs]") {
  for (int round = 0; round < 10; ++round) {
    RunTestEnv env(60, 6);
    NewRun run = env.NewRunFor({"naive"});
    REQUIRE(env.runs->InsertRun(run).ok());
    FinishAll(env, {CandidateStatus::kCompleted});
    absl::StatusOr<CancelOutcome> cancel = absl::UnknownError("unset");
    absl::StatusOr<bool> settle = absl::UnknownError("unset");
    std::thread t1([&] { cancel = env.runs->RequestCancel(run.selection_id); });
    std::thread t2([&] { settle = env.runs->SettleRun(run.selection_id, "w", CountingSettle); });
    t1.join();
    t2.join();
    REQUIRE(settle.ok());
    CHECK(*settle);
    CHECK((cancel.ok() || cancel.status().code() == absl::StatusCode::kFailedPrecondition));
    CHECK(env.QueryInt("SELECT settle_count FROM model_selection_run") == 1);
    CHECK(env.QueryText("SELECT status FROM model_selection_run") == "completed");
    CHECK(env.QueryInt("SELECT count(*) FROM model_selection_candidate WHERE status IN "
                       "('pending', 'running')") == 0);
  }
}

TEST_CASE("The reaper requeues expired leases, then fails them as worker lost",
          "[store][pg][runs]") {
  RunTestEnv env;
  NewRun run = env.NewRunFor({"naive"});
  REQUIRE(env.runs->InsertRun(run).ok());
  const std::string expire =
      "UPDATE model_selection_candidate SET lease_expires_at = now() - interval '1 second' "
      "WHERE status = 'running'";
  // Attempt 1 expires: back to pending.
  REQUIRE(env.runs->Claim("dead-1", absl::Seconds(30))->has_value());
  auto none = env.runs->Reap(2, absl::ZeroDuration());
  REQUIRE(none.ok());
  CHECK(none->requeued == 0);  // not expired yet
  env.Exec(expire);
  auto first = env.runs->Reap(2, absl::ZeroDuration());
  REQUIRE(first.ok());
  CHECK(first->requeued == 1);
  CHECK(first->runs_to_settle.empty());
  CHECK(env.QueryText("SELECT status FROM model_selection_candidate") == "pending");
  // Attempt 2 (= max_attempts) expires: failed, and the run is ready to settle.
  auto second_claim = env.runs->Claim("dead-2", absl::Seconds(30));
  REQUIRE(second_claim->has_value());
  CHECK((*second_claim)->attempt == 2);
  env.Exec(expire);
  auto second = env.runs->Reap(2, absl::ZeroDuration());
  REQUIRE(second.ok());
  CHECK(second->failed == 1);
  REQUIRE(second->runs_to_settle == std::vector<std::string>{run.selection_id});
  CHECK(env.QueryText("SELECT error_type FROM model_selection_candidate") == "WORKER_LOST");
  CHECK(env.QueryText("SELECT error_message FROM model_selection_candidate").find("worker lost") ==
        0);
  REQUIRE(*env.runs->SettleRun(run.selection_id, "reaper", CountingSettle));
  CHECK(env.QueryText("SELECT status FROM model_selection_run") == "failed");
  CHECK(env.runs->Reap(2, absl::ZeroDuration())->runs_to_settle.empty());
}

TEST_CASE("The reaper leaves a run just finished to the worker that finished it",
          "[store][pg][runs]") {
  // The finishing worker refits the champion before it settles, which can take a while; a
  // reaper settling at the same time would refit too and race it.
  RunTestEnv env;
  NewRun run = env.NewRunFor({"naive"});
  REQUIRE(env.runs->InsertRun(run).ok());
  auto claimed = env.runs->Claim("w", absl::Seconds(30));
  REQUIRE(claimed->has_value());
  REQUIRE(env.runs->FinishCandidate((*claimed)->Attempt(), "w", Terminal(CandidateStatus::kFailed))
              ->written);
  CHECK(env.runs->Reap(3, absl::Minutes(1))->runs_to_settle.empty());
  // Once its candidates ended longer ago than the grace, its worker is taken for lost.
  env.Exec("UPDATE model_selection_candidate SET completed_at = now() - interval '2 minutes'");
  CHECK(env.runs->Reap(3, absl::Minutes(1))->runs_to_settle ==
        std::vector<std::string>{run.selection_id});
}

TEST_CASE("The reaper cancels an expired lease of a run with a cancel request",
          "[store][pg][runs]") {
  RunTestEnv env;
  NewRun run = env.NewRunFor({"naive"});
  REQUIRE(env.runs->InsertRun(run).ok());
  REQUIRE(env.runs->Claim("dead", absl::Seconds(30))->has_value());
  REQUIRE(env.runs->RequestCancel(run.selection_id)->running == 1);
  env.Exec("UPDATE model_selection_candidate SET lease_expires_at = now() - interval '1 second'");
  auto reaped = env.runs->Reap(3, absl::ZeroDuration());
  REQUIRE(reaped.ok());
  CHECK(reaped->requeued == 0);
  CHECK(reaped->runs_to_settle.size() == 1);
  CHECK(env.QueryText("SELECT status FROM model_selection_candidate") == "cancelled");
}

}  // namespace
}  // namespace champion::store
