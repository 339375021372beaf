#pragma once

// What the run pipeline reports as it works (metrics, in the worker's wiring). An interface
// with no-op defaults, so the runs layer knows nothing of the metrics library and its tests
// can record events with a fake.

#include <string_view>

#include "absl/time/time.h"
#include "runs/run_types.h"

namespace champion::runs {

//! How one attempt at a candidate ended on this worker.
enum class CandidateEnd {
  kCompleted,
  kFailed,
  kCancelled,
  kReleased,   //!< Handed back to the queue (shutdown, database outage).
  kLeaseLost,  //!< Another attempt owns it now: nothing was written.
};
const char* CandidateEndName(CandidateEnd end);

//! Thread-safe implementations only: every backtest thread reports.
class RunEvents {
 public:
  virtual ~RunEvents() = default;
  //! One attempt at a candidate of `model_type` ended after `took`.
  virtual void CandidateEnded(std::string_view /*model_type*/, CandidateEnd /*end*/,
                              absl::Duration /*took*/) {}
  //! This worker settled a run (the one settle of that run) in `status`.
  virtual void RunSettled(RunStatus /*status*/) {}
  //! A Cancel call on this worker saw its run terminal `took` after the request.
  virtual void CancelSettled(absl::Duration /*took*/) {}
  //! This worker's reaper found `requeued` + `failed` expired leases of lost attempts.
  virtual void LeasesReaped(int /*requeued*/, int /*failed*/) {}
};

//! The shared do-nothing instance (the default of every Options / Deps).
RunEvents& NoRunEvents();

}  // namespace champion::runs
