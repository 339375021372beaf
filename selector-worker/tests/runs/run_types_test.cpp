#include "runs/run_types.h"

#include <catch2/catch.hpp>

namespace champion::runs {
namespace {

TEST_CASE("TerminalRunStatus follows docs/API.md's terminal status rules", "[runs]") {
  struct Row {
    int completed, failed, cancelled;
    RunStatus expected;
  };
  const Row table[] = {
      {3, 0, 0, RunStatus::kCompleted}, {0, 2, 0, RunStatus::kFailed},
      {0, 0, 4, RunStatus::kCancelled}, {1, 1, 0, RunStatus::kPartial},
      {1, 0, 1, RunStatus::kPartial},   {2, 1, 1, RunStatus::kPartial},
      {0, 1, 1, RunStatus::kFailed},    {0, 0, 0, RunStatus::kFailed},
  };
  for (const Row& row : table) {
    INFO(row.completed << " completed, " << row.failed << " failed, " << row.cancelled
                       << " cancelled");
    CHECK(RunStatusName(TerminalRunStatus(row.completed, row.failed, row.cancelled)) ==
          std::string(RunStatusName(row.expected)));
  }
}

TEST_CASE("Status names round-trip and terminal states are the four final ones", "[runs]") {
  for (RunStatus s : {RunStatus::kPending, RunStatus::kRunning, RunStatus::kCompleted,
                      RunStatus::kPartial, RunStatus::kFailed, RunStatus::kCancelled}) {
    CHECK(ParseRunStatus(RunStatusName(s)) == s);
  }
  for (CandidateStatus s :
       {CandidateStatus::kPending, CandidateStatus::kRunning, CandidateStatus::kCompleted,
        CandidateStatus::kFailed, CandidateStatus::kCancelled}) {
    CHECK(ParseCandidateStatus(CandidateStatusName(s)) == s);
  }
  CHECK_FALSE(ParseRunStatus("done").has_value());
  CHECK_FALSE(IsTerminal(RunStatus::kRunning));
  CHECK(IsTerminal(RunStatus::kPartial));
  CHECK_FALSE(IsTerminal(CandidateStatus::kPending));
  CHECK(IsTerminal(CandidateStatus::kCancelled));
}

}  // namespace
}  // namespace champion::runs
