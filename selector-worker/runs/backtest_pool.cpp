#include "runs/backtest_pool.h"

#include "spdlog/spdlog.h"

namespace champion::runs {

BacktestPool::BacktestPool(Options options, store::RunRepository* runs, CancelRegistry* registry,
                           CandidateExecutor* executor)
    : options_(std::move(options)), runs_(runs), registry_(registry), executor_(executor) {}

BacktestPool::~BacktestPool() { Stop(); }

void BacktestPool::Start() {
  absl::MutexLock lock(&mu_);
  if (!threads_.empty() || stop_) return;
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this] { Loop(); });
}

void BacktestPool::Wake() {
  absl::MutexLock lock(&mu_);
  ++wake_generation_;
}

void BacktestPool::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

bool BacktestPool::Drain(absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  draining_ = true;
  const auto idle = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return executing_ == 0; };
  return mu_.AwaitWithDeadline(absl::Condition(&idle), deadline);
}

uint64_t BacktestPool::Idle(uint64_t seen, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  const auto woken = [this, seen]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return stop_ || draining_ || wake_generation_ != seen;
  };
  mu_.AwaitWithTimeout(absl::Condition(&woken), timeout);
  return wake_generation_;
}

void BacktestPool::Loop() {
  uint64_t seen = Idle(0, absl::ZeroDuration());
  int failures = 0;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stop_ || draining_) return;
      seen = wake_generation_;
      ++executing_;  // counted before the claim, so Drain cannot miss one in flight
    }
    const auto done = [this] {
      absl::MutexLock lock(&mu_);
      --executing_;
    };
    // The lease runs from the claim's commit, which is after this instant.
    const absl::Time lease_until = absl::Now() + options_.lease;
    absl::StatusOr<std::optional<store::ClaimedCandidate>> claimed =
        runs_->Claim(options_.owner, options_.lease);
    if (!claimed.ok()) {
      if (failures++ % 30 == 0) {  // one line per ~30 polls while the database is away
        spdlog::warn("claim failed: {}", std::string(claimed.status().message()));
      }
      done();
      Idle(seen, options_.poll_interval);
      continue;
    }
    failures = 0;
    if (!claimed->has_value()) {
      done();
      Idle(seen, options_.poll_interval);
      continue;
    }
    const store::ClaimedCandidate& c = **claimed;
    std::shared_ptr<engine::CancelToken> token =
        registry_->Register(c.Attempt(), c.selection_id, lease_until);
    executor_->Execute(c, token);
    done();
  }
}

}  // namespace champion::runs
