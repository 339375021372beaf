#include "runs/run_events.h"

namespace champion::runs {

const char* CandidateEndName(CandidateEnd end) {
  switch (end) {
    case CandidateEnd::kCompleted:
      return "completed";
    case CandidateEnd::kFailed:
      return "failed";
    case CandidateEnd::kCancelled:
      return "cancelled";
    case CandidateEnd::kReleased:
      return "released";
    case CandidateEnd::kLeaseLost:
      return "lease_lost";
  }
  return "unknown";
}

RunEvents& NoRunEvents() {
  static RunEvents none;
  return none;
}

}  // namespace champion::runs
