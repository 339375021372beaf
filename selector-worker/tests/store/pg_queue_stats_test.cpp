#include <catch2/catch.hpp>

#include "run_test_env.h"
#include "store/queue_stats.h"

namespace champion::store {
namespace {

using test::RunTestEnv;

TEST_CASE("Queue statistics count runs by status and the waiting and running candidates",
          "[store][pg][runs]") {
  RunTestEnv env;
  PgQueueStats stats(*env.pool);

  auto empty = stats.Read();
  REQUIRE(empty.ok());
  CHECK(empty->runs_by_status.size() == 6);
  CHECK(empty->runs_by_status.at("pending") == 0);
  CHECK(empty->pending_candidates == 0);
  CHECK(empty->running_candidates == 0);

  NewRun first = env.NewRunFor({"naive", "ses", "seasonal_naive"});
  NewRun second = env.NewRunFor({"naive", "ses"});
  NewRun third = env.NewRunFor({"naive"});
  for (const NewRun* run : {&first, &second, &third}) REQUIRE(env.runs->InsertRun(*run).ok());
  env.Exec("UPDATE model_selection_candidate SET status = 'running' WHERE selection_id = '" +
           first.selection_id + "' AND ordinal < 2");
  env.Exec("UPDATE model_selection_candidate SET status = 'completed' WHERE selection_id = '" +
           third.selection_id + "'");
  env.Exec("UPDATE model_selection_run SET status = 'completed' WHERE selection_id = '" +
           third.selection_id + "'");

  auto read = stats.Read();
  REQUIRE(read.ok());
  // A run with candidates is running from its insert on (its candidates wait in the queue).
  CHECK(read->runs_by_status.at("pending") == 0);
  CHECK(read->runs_by_status.at("running") == 2);
  CHECK(read->runs_by_status.at("completed") == 1);
  CHECK(read->runs_by_status.at("cancelled") == 0);
  CHECK(read->pending_candidates == 3);
  CHECK(read->running_candidates == 2);
}

}  // namespace
}  // namespace champion::store
