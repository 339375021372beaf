#pragma once

// Request-level validation of RunSync / SubmitRun (HTTP 422 with field errors). Candidate
// params are NOT checked here: a bad param fails that candidate only (docs/ENGINE.md section 4).

#include "absl/status/statusor.h"
#include "champion/v1/selection.pb.h"
#include "runs/run_types.h"

namespace champion::service {

inline constexpr int kMaxCandidates = 10;

//! Checks every field at once and returns the spec with defaults resolved, or
//! InvalidArgument with one field violation per problem: ids >= 1; forecast_horizon 1..90;
//! selection_window dates ISO and end after start; split_config bounds (n_splits 2..20,
//! min_train_size >= 7, gap 0..30, horizon == forecast_horizon, horizon > gap); ranking
//! policy bounds; feature_frame_version 0..2 and feature_groups only with version 2;
//! auto_predict only with auto_train_winner; 1..10 candidates each with a model_type and
//! params whose values are numbers, booleans, strings, null or lists of strings.
absl::StatusOr<runs::SelectionSpec> ValidateRunRequest(
    const champion::v1::RunSelectionRequest& request);

}  // namespace champion::service
