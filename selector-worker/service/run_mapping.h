#pragma once

// Runs layer records -> champion.v1 messages. A settled run maps to the same bytes whoever
// reads it (RunSync's answer, GetRun, the last WatchRun snapshot), because every reader maps
// the same stored record through these functions.

#include "champion/v1/selection.pb.h"
#include "runs/run_types.h"

namespace champion::service {

//! The full run: request echo, availability, ranking with per-fold metrics, winner,
//! confidence, significance, chart data, summary, final model, progress and timestamps.
void ToProto(const runs::RunRecord& run, champion::v1::Run* out);

//! GET .../ranking: empty with confidence LOW until the run is settled.
void ToRankingProto(const runs::RunRecord& run, champion::v1::Ranking* out);

//! One row of the run history.
void ToSummaryProto(const runs::RunRecord& run, champion::v1::RunSummary* out);

//! Candidate counts and fold totals.
void ToProgressProto(const runs::RunRecord& run, champion::v1::Progress* out);

champion::v1::RunState ToProto(runs::RunStatus status);
std::optional<runs::RunStatus> FromProto(champion::v1::RunState state);

}  // namespace champion::service
