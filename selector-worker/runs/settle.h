#pragma once

// The settle step of a run as the runs layer computes it (docs/ENGINE.md sections 5-6), shared by
// asynchronous runs, RunSync, Cancel and the reaper: exactly one code path.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/backtest/backtest.h"
#include "engine/selection/selection.h"
#include "runs/run_events.h"
#include "runs/run_inputs.h"
#include "runs/run_types.h"
#include "store/run_repository.h"

namespace champion::runs {

//! The run's candidates as the engine sees them, in ordinal order: a completed candidate's
//! backtest, or its failure (Cancelled for a cancelled one) with its error message.
std::vector<engine::CandidateBacktest> CandidateBacktests(const RunRecord& run);

//! engine::SettleSelection over the run's candidates, metric, policy and availability.
//! This is the store::SettleFunction every settle uses.
absl::StatusOr<engine::SelectionOutcome> ComputeOutcome(const RunRecord& run);

//! repository.SettleRun with ComputeOutcome and the champion refit on the whole window with
//! its forecast and quantiles (runs::FitChampion at the run's levels). The refit happens
//! before the settle transaction, on the run as read then, and is written only when the
//! settle ranks the same winner; a refit that cannot be made (no winner, a series that
//! cannot be read, a model error) is logged and the run settles without it. The results
//! are read only once the run is ready to settle (RunRepository::ReadyToSettle); a run that
//! became ready between that check and the transaction is prepared and settled again, so it
//! never settles without the forecast it could have had.
//! True when this call settled the run (then `events` hears of it with the settled status).
absl::StatusOr<bool> SettleIfReady(store::RunRepository& repository, const SeriesSource& series,
                                   const std::string& selection_id, const std::string& settled_by,
                                   RunEvents& events);

}  // namespace champion::runs
