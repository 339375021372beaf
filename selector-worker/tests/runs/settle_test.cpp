// SettleIfReady against a real PostgreSQL: the settle's champion refit and the race between
// the readiness check and the settle transaction.

#include "runs/settle.h"

#include <catch2/catch.hpp>

#include "fakes/forwarding_run_repository.h"
#include "run_test_env.h"
#include "runs/candidate_executor.h"

namespace champion::runs {
namespace {

using test::RunTestEnv;

// Answers "not ready" to the first readiness check, as when another candidate of the run was
// still running at that moment and finished before the settle transaction began.
class LateReadiness : public fakes::ForwardingRunRepository {
 public:
  using ForwardingRunRepository::ForwardingRunRepository;

  absl::StatusOr<bool> ReadyToSettle(const std::string& selection_id) override {
    if (first_) {
      first_ = false;
      return false;
    }
    return ForwardingRunRepository::ReadyToSettle(selection_id);
  }

 private:
  bool first_ = true;
};

TEST_CASE("A run that becomes ready during the settle still gets its forecast", "[runs][pg]") {
  RunTestEnv env;
  LateReadiness late(*env.runs);
  CancelRegistry registry;
  CandidateExecutor executor({.runs = &late,
                              .sales = env.sales.get(),
                              .catalog = env.catalog.get(),
                              .registry = &registry,
                              .owner = "me",
                              .worker_id = "worker-a"});
  const store::NewRun run = env.NewRunFor({"naive"});
  REQUIRE(env.runs->InsertRun(run).ok());
  CHECK_FALSE(*env.runs->ReadyToSettle(run.selection_id));  // Its candidate is pending.
  auto claimed = env.runs->Claim("me", absl::Seconds(60));
  REQUIRE(claimed.ok());
  REQUIRE(claimed->has_value());
  auto token =
      registry.Register((*claimed)->Attempt(), run.selection_id, absl::Now() + absl::Seconds(60));
  executor.Execute(**claimed, token);
  CHECK(env.QueryText("SELECT status FROM model_selection_run") == "completed");
  CHECK(env.QueryInt("SELECT settle_count FROM model_selection_run") == 1);
  CHECK(env.QueryInt("SELECT count(*) FROM model_selection_run WHERE final_model IS NOT NULL") ==
        1);
  CHECK_FALSE(*env.runs->ReadyToSettle(run.selection_id));  // Settled.
  CHECK(env.runs->ReadyToSettle("no-such-run").status().code() == absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace champion::runs
