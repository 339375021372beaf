#include "fakes/fake_run_manager.h"

#include "absl/strings/str_format.h"
#include "engine/backtest/intervals.h"
#include "engine/selection/selection.h"
#include "runs/final_model.h"

namespace champion::fakes {

class FakeRunManager::FakeSubscription : public runs::Subscription {
 public:
  FakeSubscription(FakeRunManager* owner, int id) : owner_(owner), id_(id) {}
  ~FakeSubscription() override { owner_->Unsubscribe(id_); }

 private:
  FakeRunManager* owner_;
  int id_;
};

runs::RunRecord FakeRunManager::NewRecord(const runs::SelectionSpec& spec) {
  runs::RunRecord run;
  run.selection_id = absl::StrFormat("%032x", next_id_++);
  run.spec = spec;
  run.status = runs::RunStatus::kRunning;
  run.created_at = absl::FromUnixSeconds(1767225600);
  run.started_at = run.created_at;
  for (size_t i = 0; i < spec.candidates.size(); ++i) {
    runs::CandidateRecord c;
    c.candidate_id = absl::StrFormat("cand-%d", i);
    c.ordinal = static_cast<int>(i);
    c.model_type = spec.candidates[i].model_type;
    c.params = spec.candidates[i].params;
    c.folds_total = spec.split.n_splits;
    run.candidates.push_back(std::move(c));
  }
  return run;
}

absl::StatusOr<runs::RunRecord> FakeRunManager::Submit(const runs::SelectionSpec& spec) {
  absl::MutexLock lock(&mu_);
  last_spec = spec;
  if (spec.store_id == 404) return absl::NotFoundError("store 404 not found");
  runs::RunRecord run = NewRecord(spec);
  runs_[run.selection_id] = run;
  return run;
}

void FakeRunManager::HoldRunSync() {
  absl::MutexLock lock(&mu_);
  hold_sync_ = true;
}

void FakeRunManager::ReleaseRunSync() {
  absl::MutexLock lock(&mu_);
  hold_sync_ = false;
}

bool FakeRunManager::AwaitHeldRunSyncs(int n) {
  absl::MutexLock lock(&mu_);
  const auto reached = [this, n]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return held_syncs_ >= n; };
  return mu_.AwaitWithTimeout(absl::Condition(&reached), absl::Seconds(10));
}

int FakeRunManager::run_sync_calls() const {
  absl::MutexLock lock(&mu_);
  return sync_calls_;
}

absl::StatusOr<runs::RunRecord> FakeRunManager::RunSync(const runs::SelectionSpec& spec,
                                                        const runs::CallerGone& /*caller_gone*/) {
  runs::RunRecord run;
  {
    absl::MutexLock lock(&mu_);
    ++sync_calls_;
    ++held_syncs_;
    const auto released = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return !hold_sync_; };
    mu_.Await(absl::Condition(&released));
    --held_syncs_;
    last_spec = spec;
    run = NewRecord(spec);
  }
  // A weekly pattern with a little trend: seasonal models should win.
  std::vector<engine::SalesRow> rows;
  for (int i = 0; i < 120; ++i) {
    rows.push_back({.date = absl::CivilDay(2024, 1, 1) + i,
                    .quantity = 20.0 + 6.0 * ((i % 7) == 5) + 0.05 * i + (i % 3)});
  }
  auto series =
      engine::PrepareSeries(rows, {.start_date = rows.front().date, .end_date = rows.back().date});
  if (!series.ok()) return series.status();
  std::vector<engine::CandidateBacktest> backtests;
  for (auto& c : run.candidates) {
    engine::CandidateBacktest b{c.model_type, c.params};
    b.result = engine::RunBacktest(*series, c.model_type, c.params, {.split = spec.split},
                                   engine::NeverCancelled());
    c.status = b.result.ok() ? runs::CandidateStatus::kCompleted : runs::CandidateStatus::kFailed;
    if (b.result.ok()) {
      c.result = *b.result;
      c.folds_done = static_cast<int>(b.result->folds.size());
    } else {
      c.error_message = std::string(b.result.status().message());
    }
    backtests.push_back(std::move(b));
  }
  auto availability =
      engine::ComputeAvailability(rows, {.forecast_horizon = spec.forecast_horizon});
  if (!availability.ok()) return availability.status();
  run.availability = *availability;
  run.outcome = engine::SettleSelection({.candidates = backtests,
                                         .ranking_metric = spec.ranking_metric,
                                         .policy = spec.policy,
                                         .availability = *availability});
  if (const engine::RankingEntry* winner = run.outcome->winner()) {
    auto champion = runs::FitChampion(*series, *winner, *run.candidates[winner->input_index].result,
                                      backtests, spec.forecast_horizon,
                                      engine::kDefaultQuantileLevels, engine::NeverCancelled());
    if (champion.ok()) run.final_model = *std::move(champion);
  }
  run.status = run.outcome->winner() ? runs::RunStatus::kCompleted : runs::RunStatus::kFailed;
  run.completed_at = run.created_at + absl::Seconds(1);
  absl::MutexLock lock(&mu_);
  runs_[run.selection_id] = run;
  return run;
}

absl::StatusOr<runs::RunRecord> FakeRunManager::Get(const std::string& selection_id) {
  absl::MutexLock lock(&mu_);
  const auto it = runs_.find(selection_id);
  if (it == runs_.end()) return absl::NotFoundError("run not found");
  return it->second;
}

absl::StatusOr<runs::RunPage> FakeRunManager::List(const runs::RunFilter& filter) {
  absl::MutexLock lock(&mu_);
  if (!filter.page_token.empty()) return absl::InvalidArgumentError("invalid page_token");
  runs::RunPage page;
  for (auto it = runs_.rbegin(); it != runs_.rend(); ++it) {  // ids grow: newest first
    const auto& run = it->second;
    if (filter.store_id && run.spec.store_id != *filter.store_id) continue;
    if (filter.product_id && run.spec.product_id != *filter.product_id) continue;
    if (filter.status && run.status != *filter.status) continue;
    const absl::CivilDay created = absl::ToCivilDay(run.created_at, absl::UTCTimeZone());
    if (filter.created_from && created < *filter.created_from) continue;
    if (filter.created_to && created > *filter.created_to) continue;
    page.runs.push_back(run);
  }
  return page;
}

absl::StatusOr<runs::RunRecord> FakeRunManager::Cancel(const std::string& selection_id) {
  {
    absl::MutexLock lock(&mu_);
    const auto it = runs_.find(selection_id);
    if (it == runs_.end()) return absl::NotFoundError("run not found");
    if (runs::IsTerminal(it->second.status)) {
      return absl::FailedPreconditionError("run already settled");
    }
  }
  Update(selection_id, [](runs::RunRecord& run) {
    for (auto& c : run.candidates) {
      if (!runs::IsTerminal(c.status)) c.status = runs::CandidateStatus::kCancelled;
    }
    run.status = runs::RunStatus::kCancelled;
  });
  return Get(selection_id);
}

absl::StatusOr<std::unique_ptr<runs::Subscription>> FakeRunManager::Watch(
    const std::string& selection_id, std::function<void()> on_change) {
  absl::MutexLock lock(&mu_);
  if (!runs_.contains(selection_id)) return absl::NotFoundError("run not found");
  const int id = next_id_++;
  watchers_[id] = {selection_id, std::move(on_change)};
  return std::unique_ptr<runs::Subscription>(new FakeSubscription(this, id));
}

void FakeRunManager::Update(const std::string& selection_id,
                            const std::function<void(runs::RunRecord&)>& fn) {
  std::vector<std::function<void()>> callbacks;
  {
    absl::MutexLock lock(&mu_);
    auto it = runs_.find(selection_id);
    if (it == runs_.end()) return;
    fn(it->second);
    for (const auto& [id, watcher] : watchers_) {
      if (watcher.first == selection_id) callbacks.push_back(watcher.second);
    }
  }
  absl::MutexLock notify(&notify_mu_);
  for (const auto& callback : callbacks) callback();
}

void FakeRunManager::Unsubscribe(int id) {
  absl::MutexLock notify(&notify_mu_);  // waits for a callback in flight
  absl::MutexLock lock(&mu_);
  watchers_.erase(id);
}

int FakeRunManager::watchers() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(watchers_.size());
}

}  // namespace champion::fakes
