#include "runs/run_types.h"

#include <iterator>

namespace champion::runs {

std::vector<double> DefaultQuantileLevels() {
  return {std::begin(engine::kDefaultQuantileLevels), std::end(engine::kDefaultQuantileLevels)};
}

const char* RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::kPending:
      return "pending";
    case RunStatus::kRunning:
      return "running";
    case RunStatus::kCompleted:
      return "completed";
    case RunStatus::kPartial:
      return "partial";
    case RunStatus::kFailed:
      return "failed";
    case RunStatus::kCancelled:
      return "cancelled";
  }
  return "pending";
}

const char* CandidateStatusName(CandidateStatus status) {
  switch (status) {
    case CandidateStatus::kPending:
      return "pending";
    case CandidateStatus::kRunning:
      return "running";
    case CandidateStatus::kCompleted:
      return "completed";
    case CandidateStatus::kFailed:
      return "failed";
    case CandidateStatus::kCancelled:
      return "cancelled";
  }
  return "pending";
}

bool IsTerminal(RunStatus status) {
  return status == RunStatus::kCompleted || status == RunStatus::kPartial ||
         status == RunStatus::kFailed || status == RunStatus::kCancelled;
}

bool IsTerminal(CandidateStatus status) {
  return status == CandidateStatus::kCompleted || status == CandidateStatus::kFailed ||
         status == CandidateStatus::kCancelled;
}

std::optional<RunStatus> ParseRunStatus(std::string_view name) {
  for (RunStatus s : {RunStatus::kPending, RunStatus::kRunning, RunStatus::kCompleted,
                      RunStatus::kPartial, RunStatus::kFailed, RunStatus::kCancelled}) {
    if (name == RunStatusName(s)) return s;
  }
  return std::nullopt;
}

std::optional<CandidateStatus> ParseCandidateStatus(std::string_view name) {
  for (CandidateStatus s :
       {CandidateStatus::kPending, CandidateStatus::kRunning, CandidateStatus::kCompleted,
        CandidateStatus::kFailed, CandidateStatus::kCancelled}) {
    if (name == CandidateStatusName(s)) return s;
  }
  return std::nullopt;
}

RunStatus TerminalRunStatus(int completed, int failed, int cancelled) {
  if (completed > 0) {
    return failed + cancelled == 0 ? RunStatus::kCompleted : RunStatus::kPartial;
  }
  if (cancelled > 0 && failed == 0) return RunStatus::kCancelled;
  return RunStatus::kFailed;  // all failed, failed + cancelled, or no candidate
}

}  // namespace champion::runs
