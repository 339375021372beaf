#include "runs/candidate_executor.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/models/model_catalog.h"
#include "engine/selection/ensemble.h"
#include "runs/run_inputs.h"
#include "runs/settle.h"
#include "spdlog/spdlog.h"

namespace champion::runs {
namespace {

// Pacing of the terminal write's retries while the database is away.
constexpr absl::Duration kFirstFinishRetry = absl::Milliseconds(50);
constexpr absl::Duration kMaxFinishRetry = absl::Seconds(1);

// Whether an error is the infrastructure's (retry elsewhere) rather than the candidate's.
bool IsOutage(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable ||
         status.code() == absl::StatusCode::kDeadlineExceeded ||
         status.code() == absl::StatusCode::kAborted;
}

store::CandidateOutcome FailureOutcome(const absl::Status& status, int64_t duration_ms) {
  store::CandidateOutcome outcome;
  outcome.status = CandidateStatus::kFailed;
  outcome.error_message = std::string(status.message());
  outcome.error_type = absl::StatusCodeToString(status.code());
  outcome.duration_ms = duration_ms;
  return outcome;
}

}  // namespace

absl::StatusOr<engine::BacktestResult> CandidateExecutor::Backtest(
    const store::ClaimedCandidate& c, const engine::CancelToken& token) {
  ASSIGN_OR_RETURN(engine::Series series, LoadSeries(c.spec, *deps_.sales, *deps_.catalog));
  RETURN_IF_ERROR(engine::CheckCancelled(token));
  absl::StatusOr<const engine::ModelInfo*> info = engine::FindModel(c.model_type);
  if (info.ok() && (*info)->family == engine::ModelFamily::kEnsemble) {
    // Claimable only once the other candidates are terminal: combine their stored folds.
    ASSIGN_OR_RETURN(RunRecord run, deps_.runs->GetRun(c.selection_id));
    const std::vector<engine::CandidateBacktest> others = CandidateBacktests(run);
    return engine::CombineEnsemble(c.params, others, series.values, c.spec.ranking_metric,
                                   c.spec.policy);
  }
  absl::Time last_write = absl::InfinitePast();
  engine::BacktestOptions options;
  options.split = c.spec.split;
  options.on_fold_done = [&](int done, int total) {
    const absl::Time now = absl::Now();
    if (done < total && now - last_write < deps_.progress_throttle) return;
    last_write = now;
    absl::StatusOr<bool> held = deps_.runs->RecordProgress(c.Attempt(), deps_.owner, done);
    if (held.ok() && !*held) deps_.registry->Stop(c.Attempt(), StopReason::kLeaseLost);
  };
  return engine::RunBacktest(series, c.model_type, c.params, options, token);
}

void CandidateExecutor::Execute(const store::ClaimedCandidate& c,
                                const std::shared_ptr<engine::CancelToken>& token) {
  const absl::Time started = absl::Now();
  const store::CandidateAttempt held = c.Attempt();
  // A cancel committed between the claim and Register sent its NOTIFY too early for us.
  absl::StatusOr<bool> cancel_requested = deps_.runs->IsCancelRequested(c.selection_id);
  if (cancel_requested.ok() && *cancel_requested) {
    deps_.registry->Stop(held, StopReason::kCancelRequested);
  }
  absl::StatusOr<engine::BacktestResult> result = Backtest(c, *token);
  const int64_t duration_ms = absl::ToInt64Milliseconds(absl::Now() - started);
  const StopReason reason = deps_.registry->Reason(held);
  store::CandidateOutcome outcome;
  if (result.ok()) {
    outcome.status = CandidateStatus::kCompleted;
    outcome.result = *std::move(result);
    outcome.duration_ms = duration_ms;
  } else if (reason == StopReason::kShutdown ||
             (IsOutage(result.status()) && reason == StopReason::kNone)) {
    // Not the candidate's fault: give it back (or let the lease expire if the DB is down).
    absl::StatusOr<bool> released = deps_.runs->ReleaseCandidate(held, deps_.owner);
    spdlog::info("candidate {} of run {} (attempt {}) released ({}): {}", c.candidate_id,
                 c.selection_id, c.attempt, released.ok() ? "requeued" : "lease left to expire",
                 std::string(result.status().message()));
    deps_.registry->Unregister(held);
    deps_.events->CandidateEnded(c.model_type, CandidateEnd::kReleased, absl::Now() - started);
    return;
  } else if (reason == StopReason::kLeaseLost) {
    spdlog::warn("candidate {} of run {} (attempt {}): lease lost, stopped", c.candidate_id,
                 c.selection_id, c.attempt);
    deps_.registry->Unregister(held);
    deps_.events->CandidateEnded(c.model_type, CandidateEnd::kLeaseLost, absl::Now() - started);
    return;
  } else if (result.status().code() == absl::StatusCode::kCancelled) {
    outcome.status = CandidateStatus::kCancelled;
    outcome.error_message = "cancelled by request";
    outcome.error_type = "CANCELLED";
    outcome.duration_ms = duration_ms;
  } else {
    outcome = FailureOutcome(result.status(), duration_ms);
  }
  const CandidateEnd end = Finish(c, outcome);
  deps_.registry->Unregister(held);
  deps_.events->CandidateEnded(c.model_type, end, absl::Now() - started);
}

CandidateEnd CandidateExecutor::Finish(const store::ClaimedCandidate& c,
                                       const store::CandidateOutcome& outcome) {
  const store::CandidateAttempt held = c.Attempt();
  absl::StatusOr<store::FinishOutcome> written = absl::UnavailableError("not tried");
  absl::Duration backoff = kFirstFinishRetry;
  while (true) {
    written = deps_.runs->FinishCandidate(held, deps_.owner, outcome);
    if (written.ok() || !IsOutage(written.status())) break;
    // The result is kept while the lease may still hold (the heartbeat goes on renewing it
    // once the database is back); after that the candidate may be claimed again.
    if (deps_.registry->Reason(held) == StopReason::kLeaseLost ||
        absl::Now() + backoff >= deps_.registry->LeaseUntil(held)) {
      break;
    }
    absl::SleepFor(backoff);  // retry pacing, not synchronisation
    backoff = std::min(backoff * 2, kMaxFinishRetry);
  }
  if (!written.ok()) {
    spdlog::error(
        "candidate {} of run {} (attempt {}): terminal write failed until its lease "
        "ran out: {}",
        c.candidate_id, c.selection_id, c.attempt, std::string(written.status().message()));
    return CandidateEnd::kLeaseLost;
  }
  if (!written->written) {
    spdlog::warn(
        "candidate {} of run {} (attempt {}): lease lost before the terminal write, "
        "discarded",
        c.candidate_id, c.selection_id, c.attempt);
    return CandidateEnd::kLeaseLost;
  }
  const CandidateEnd end = outcome.status == CandidateStatus::kCompleted ? CandidateEnd::kCompleted
                           : outcome.status == CandidateStatus::kCancelled
                               ? CandidateEnd::kCancelled
                               : CandidateEnd::kFailed;
  if (written->unfinished > 0) return end;
  absl::StatusOr<bool> settled =
      SettleIfReady(*deps_.runs, SeriesFrom(*deps_.sales, *deps_.catalog), c.selection_id,
                    deps_.worker_id, *deps_.events);
  if (!settled.ok()) {
    spdlog::error("run {}: settle failed (the reaper retries): {}", c.selection_id,
                  std::string(settled.status().message()));
  }
  return end;
}

}  // namespace champion::runs
