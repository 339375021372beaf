#pragma once

// The winner of a synchronous run refit on the whole window, and its forecast.

#include "absl/status/statusor.h"
#include "engine/cancel_token.h"
#include "engine/selection/ranking.h"
#include "engine/series/series.h"
#include "runs/run_types.h"

namespace champion::runs {

//! Fits `winner` (model_type + resolved params) on every row of `series` and, when
//! `forecast_horizon` > 0, forecasts that many days after the last one (feature-aware models
//! get the future rows' calendar features; lags past the window are unknown). Errors:
//! FailedPrecondition for an ensemble winner (it has no single model to refit), the model's
//! errors otherwise.
absl::StatusOr<FinalModel> FitFinalModel(const engine::Series& series,
                                         const engine::RankingEntry& winner, int forecast_horizon,
                                         const engine::CancelToken& cancel);

}  // namespace champion::runs
