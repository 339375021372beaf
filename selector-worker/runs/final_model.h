#pragma once

// The champion of a run refit on the whole window, and its forecast with prediction
// quantiles: the answer a planner came for.

#include <span>

#include "absl/status/statusor.h"
#include "engine/backtest/backtest.h"
#include "engine/cancel_token.h"
#include "engine/selection/ranking.h"
#include "engine/series/series.h"
#include "runs/run_types.h"

namespace champion::runs {

//! Fits `winner` (model_type + resolved params) on every row of `series` and, when
//! `forecast_horizon` > 0, forecasts that many days after the last one (feature-aware models
//! get the future rows' calendar features; lags past the window are unknown). With `levels`
//! and a model that defines its own predictive distribution (Forecaster::Quantiles), the
//! forecast carries those quantiles (interval_method "model"). Errors: FailedPrecondition
//! for an ensemble winner (it has no single model to refit), the model's errors otherwise.
absl::StatusOr<FinalModel> FitFinalModel(const engine::Series& series,
                                         const engine::RankingEntry& winner, int forecast_horizon,
                                         const engine::CancelToken& cancel,
                                         std::span<const double> levels = {});

//! FitFinalModel of `winner` for `forecast_horizon` (>= 1) days with quantiles at `levels`:
//! the model's own where it defines them (interval_method "model"), else read from the
//! winner's own `backtest` errors (engine::ConformalQuantiles; interval_method "conformal"). An
//! ensemble winner refits each member its backtest combined (the first successful candidate of that
//! model_type in `candidates`, with its params) and combines their forecasts day by day as it
//! combined their fold forecasts. Errors: those of FitFinalModel and ConformalQuantiles;
//! InvalidArgument for an ensemble member missing from `candidates`.
absl::StatusOr<FinalModel> FitChampion(const engine::Series& series,
                                       const engine::RankingEntry& winner,
                                       const engine::BacktestResult& backtest,
                                       std::span<const engine::CandidateBacktest> candidates,
                                       int forecast_horizon, std::span<const double> levels,
                                       const engine::CancelToken& cancel);

}  // namespace champion::runs
