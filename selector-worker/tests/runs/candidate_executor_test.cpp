// CandidateExecutor against a real PostgreSQL, with terminal writes failing for a while as in
// a database outage.

#include "runs/candidate_executor.h"

#include <catch2/catch.hpp>

#include "absl/synchronization/mutex.h"
#include "fakes/forwarding_run_repository.h"
#include "run_test_env.h"

namespace champion::runs {
namespace {

using test::RunTestEnv;

// Terminal writes fail with Unavailable until `outage_end`; every other call goes through.
class OutageOfTerminalWrites : public fakes::ForwardingRunRepository {
 public:
  OutageOfTerminalWrites(store::RunRepository& target, absl::Time outage_end)
      : ForwardingRunRepository(target), outage_end_(outage_end) {}

  absl::StatusOr<store::FinishOutcome> FinishCandidate(
      const store::CandidateAttempt& held, const std::string& owner,
      const store::CandidateOutcome& outcome) override {
    {
      absl::MutexLock lock(&mu_);
      ++calls_;
    }
    if (absl::Now() < outage_end_) return absl::UnavailableError("database unreachable");
    return ForwardingRunRepository::FinishCandidate(held, owner, outcome);
  }
  int calls() const {
    absl::MutexLock lock(&mu_);
    return calls_;
  }

 private:
  const absl::Time outage_end_;
  mutable absl::Mutex mu_;
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
};

struct Fixture {
  explicit Fixture(absl::Duration outage)
      : flaky(*env.runs, absl::Now() + outage),
        executor({.runs = &flaky,
                  .sales = env.sales.get(),
                  .catalog = env.catalog.get(),
                  .registry = &registry,
                  .owner = "me",
                  .worker_id = "worker-a"}) {}

  // Claims the only candidate of a one-candidate run and registers it with `lease`.
  store::ClaimedCandidate ClaimOne(absl::Duration lease,
                                   std::shared_ptr<engine::CancelToken>* token) {
    run = env.NewRunFor({"naive"});
    REQUIRE(env.runs->InsertRun(run).ok());
    auto claimed = env.runs->Claim("me", absl::Seconds(60));
    REQUIRE(claimed.ok());
    REQUIRE(claimed->has_value());
    *token = registry.Register((*claimed)->Attempt(), run.selection_id, absl::Now() + lease);
    return **claimed;
  }

  RunTestEnv env;
  OutageOfTerminalWrites flaky;
  CancelRegistry registry;
  CandidateExecutor executor;
  store::NewRun run;
};

TEST_CASE("A finished result survives an outage shorter than its lease", "[runs][pg]") {
  // Longer than the old retry budget (4 tries over ~1.5 s), shorter than the lease.
  Fixture f(absl::Seconds(3));
  std::shared_ptr<engine::CancelToken> token;
  const store::ClaimedCandidate c = f.ClaimOne(absl::Seconds(20), &token);
  f.executor.Execute(c, token);
  CHECK(f.flaky.calls() > 4);
  CHECK(f.env.QueryText("SELECT status FROM model_selection_candidate") == "completed");
  CHECK(f.env.QueryText("SELECT status FROM model_selection_run") == "completed");
  CHECK(f.env.QueryInt("SELECT settle_count FROM model_selection_run") == 1);
  CHECK(f.registry.Held().empty());
}

TEST_CASE("A result is given up once its lease may have run out", "[runs][pg]") {
  Fixture f(absl::Hours(1));
  std::shared_ptr<engine::CancelToken> token;
  const store::ClaimedCandidate c = f.ClaimOne(absl::Seconds(2), &token);
  const absl::Time start = absl::Now();
  f.executor.Execute(c, token);
  // Bounded by the lease (2 s), not by the outage; the candidate is left to the reaper.
  CHECK(absl::Now() - start < absl::Seconds(30));
  CHECK(f.env.QueryText("SELECT status FROM model_selection_candidate") == "running");
  CHECK(f.registry.Held().empty());
}

}  // namespace
}  // namespace champion::runs
