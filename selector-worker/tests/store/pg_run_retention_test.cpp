#include <catch2/catch.hpp>

#include "run_test_env.h"
#include "store/run_retention.h"

namespace champion::store {
namespace {

using test::RunTestEnv;

// A run of two candidates, then (unless `status` is running) settled `days_ago` days ago.
std::string RunSettled(RunTestEnv& env, const std::string& status, int days_ago) {
  NewRun run = env.NewRunFor({"naive", "ses"});
  REQUIRE(env.runs->InsertRun(run).ok());
  if (status != "running") {
    env.Exec("UPDATE model_selection_run SET status = '" + status +
             "', completed_at = now() - interval '" + std::to_string(days_ago) +
             " days' WHERE selection_id = '" + run.selection_id + "'");
  }
  return run.selection_id;
}

long long Runs(RunTestEnv& env, const std::string& selection_id) {
  return env.QueryInt("SELECT count(*) FROM model_selection_run WHERE selection_id = '" +
                      selection_id + "'");
}

TEST_CASE("Purge deletes settled runs past the age, oldest first, a batch at a time",
          "[store][pg][runs]") {
  RunTestEnv env;
  PgRunRetention retention(*env.pool);
  const std::string partial_200 = RunSettled(env, "partial", 200);
  const std::string completed_100 = RunSettled(env, "completed", 100);
  const std::string cancelled_95 = RunSettled(env, "cancelled", 95);
  const std::string failed_91 = RunSettled(env, "failed", 91);
  const std::string completed_10 = RunSettled(env, "completed", 10);
  const std::string running = RunSettled(env, "running", 0);
  // A run still going for a long time is never old enough: it has not settled.
  env.Exec(
      "UPDATE model_selection_run SET created_at = now() - interval '400 days' "
      "WHERE selection_id = '" +
      running + "'");

  const absl::Duration age = absl::Hours(24 * 90);
  auto first = retention.PurgeSettledBefore(age, 2);
  REQUIRE(first.ok());
  CHECK(*first == 2);
  CHECK(Runs(env, partial_200) == 0);
  CHECK(Runs(env, completed_100) == 0);
  CHECK(Runs(env, cancelled_95) == 1);
  auto second = retention.PurgeSettledBefore(age, 2);
  REQUIRE(second.ok());
  CHECK(*second == 2);
  auto third = retention.PurgeSettledBefore(age, 2);
  REQUIRE(third.ok());
  CHECK(*third == 0);

  CHECK(Runs(env, completed_10) == 1);
  CHECK(Runs(env, running) == 1);
  // Candidates went with their runs.
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_candidate") == 4);
  CHECK(env.QueryInt("SELECT count(DISTINCT selection_id) FROM model_selection_candidate") == 2);
}

TEST_CASE("Purge refuses a batch below one or a negative age, deleting nothing",
          "[store][pg][runs]") {
  RunTestEnv env;
  PgRunRetention retention(*env.pool);
  RunSettled(env, "completed", 100);
  CHECK(retention.PurgeSettledBefore(absl::Hours(1), 0).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(retention.PurgeSettledBefore(absl::Hours(-1), 10).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_run") == 1);
}

}  // namespace
}  // namespace champion::store
