#pragma once

// The rolling-origin backtest of one candidate (docs/ENGINE.md sections 2-4, 8).

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "engine/backtest/metrics.h"
#include "engine/backtest/split_config.h"
#include "engine/backtest/splitter.h"
#include "engine/cancel_token.h"
#include "engine/models/params.h"
#include "engine/series/series.h"

namespace champion::engine {

//! One fold's outcome: the test window's dates, actuals and forecasts (same length), and
//! the prediction interval judged by the coverage and MSIS metrics (kIntervalLevels).
struct FoldResult {
  Fold fold;
  //! The first and last training day (unset in results stored before they were recorded).
  std::optional<absl::CivilDay> train_from;
  std::optional<absl::CivilDay> train_to;
  std::vector<absl::CivilDay> dates;  //!< The test days.
  std::vector<double> actuals;
  std::vector<double> predictions;
  //! The interval's bounds per test point, or both empty (no interval: a single fold of a
  //! model without its own predictive distribution).
  std::vector<double> lower;
  std::vector<double> upper;
  FoldMetrics metrics;
};

struct BacktestResult {
  std::string model_type;
  Params params;  //!< Resolved (defaults filled in).
  std::vector<FoldResult> folds;
  AggregateMetrics metrics;
};

struct BacktestOptions {
  SplitConfig split;
  //! Called after each finished fold with (folds_done, folds_total), on the calling
  //! thread. Optional. Must not throw.
  std::function<void(int, int)> on_fold_done;
};

//! Backtests `model_type` with `params` (validated here) on `series`. Errors fail the
//! candidate only: InvalidArgument (unknown type, bad params, series too short,
//! feature-aware model with min_train_size < 30, ensemble — see CombineEnsemble),
//! Unimplemented (model unavailable in this build), Cancelled (token set; checked before
//! each fold and inside the model). Deterministic.
absl::StatusOr<BacktestResult> RunBacktest(const Series& series, std::string_view model_type,
                                           const Params& params, const BacktestOptions& options,
                                           const CancelToken& cancel);

//! Aggregate() over the folds' metrics and test points.
AggregateMetrics AggregateFolds(std::span<const FoldResult> folds);

//! Gives every fold of `result` an interval unless every fold has one from its model: for
//! fold k, ConformalQuantiles at kIntervalLevels of the other folds' errors (a single fold
//! gets none); then recomputes every fold's metrics with its interval and the aggregate.
//! `series_values` is the series the folds index (the MSIS scale reads their training rows).
absl::Status AddConformalIntervals(BacktestResult& result, std::span<const double> series_values);

//! One candidate of a run as the settle step sees it: its request and its backtest or
//! its failure. The ensemble and SettleSelection take these in input (ordinal) order.
struct CandidateBacktest {
  std::string model_type;
  Params params;  //!< As requested (shown for failed candidates).
  //! Error = the candidate failed. Unknown("not backtested") until set.
  absl::StatusOr<BacktestResult> result = absl::UnknownError("not backtested");
};

//! Test-window forecast errors (actual - prediction) of every fold, concatenated in fold
//! order. Used by the Diebold-Mariano comparison.
std::vector<double> PooledErrors(const BacktestResult& result);

}  // namespace champion::engine
