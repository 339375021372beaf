#pragma once

// The runs layer as the gRPC handlers see it: submit, run synchronously, read, list, cancel
// and watch model-selection runs. Implemented over PostgreSQL by PgRunManager (the durable,
// multi-worker queue of docs/ARCHITECTURE.md "How a run executes"); tests use a fake.

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "runs/run_types.h"

namespace champion::runs {

//! Ends a Watch subscription when destroyed (no callback runs after the destructor returns).
class Subscription {
 public:
  virtual ~Subscription() = default;
};

//! Whether the caller of a waiting call has gone (cancelled, deadline passed, disconnected).
//! Called from the waiting thread, often; must be cheap and thread-safe.
using CallerGone = std::function<bool()>;

//! Thread-safe.
class RunManager {
 public:
  virtual ~RunManager() = default;

  //! Starts an asynchronous run and returns it at once (status running, every candidate
  //! pending). Computes availability first: an unusable pair is recorded as a failed run with
  //! no candidates and answered InvalidArgument (no field violations: HTTP 400) whose message
  //! says why and names the selection_id. A repeated spec.request_id returns the original run.
  //! Errors: NotFound (unknown store/product), InvalidArgument, Unavailable.
  virtual absl::StatusOr<RunRecord> Submit(const SelectionSpec& spec) = 0;

  //! Submits the run, waits until it is settled and returns it (the same record GetRun
  //! returns afterwards); the candidates run in the backtest pool like any other, so they
  //! count against the worker's parallelism. Unusable pair: as Submit. Also honours
  //! auto_train_winner / auto_predict. When `caller_gone` turns true while it waits, the run
  //! is cancelled (nothing computes for a caller that left) and the answer is Cancelled.
  virtual absl::StatusOr<RunRecord> RunSync(const SelectionSpec& spec,
                                            const CallerGone& caller_gone) = 0;

  //! The run with live candidate progress. NotFound for an unknown id.
  virtual absl::StatusOr<RunRecord> Get(const std::string& selection_id) = 0;

  //! Newest first. InvalidArgument for a bad page token or size.
  virtual absl::StatusOr<RunPage> List(const RunFilter& filter) = 0;

  //! Cooperative cancel from any replica: pending candidates are cancelled at once, running
  //! ones stop through their tokens; waits until the run is terminal and returns it.
  //! Errors: NotFound; FailedPrecondition (already terminal); DeadlineExceeded when the drain
  //! exceeds the configured timeout (the cancel still completes).
  virtual absl::StatusOr<RunRecord> Cancel(const std::string& selection_id) = 0;

  //! Calls `on_change` (from an internal thread, never concurrently with itself) whenever the
  //! run may have changed: progress, candidate terminal, settle. Coalesced: several changes
  //! may give one call. The caller re-reads with Get. NotFound for an unknown id.
  virtual absl::StatusOr<std::unique_ptr<Subscription>> Watch(const std::string& selection_id,
                                                              std::function<void()> on_change) = 0;
};

}  // namespace champion::runs
