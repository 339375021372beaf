#pragma once

// The "ensemble" candidate (docs/ENGINE.md section 4): it combines the fold forecasts of the
// run's other candidates pointwise, without refitting anything.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/backtest/backtest.h"
#include "engine/models/params.h"
#include "engine/selection/ranking.h"

namespace champion::engine {

enum class EnsembleCombine { kMean, kMedian };

//! The ensemble's params, typed.
struct EnsembleParams {
  std::optional<std::vector<std::string>> members;  //!< nullopt = the top_k best candidates.
  int top_k = 3;
  EnsembleCombine combine = EnsembleCombine::kMedian;
};

//! The mean of `values`, or their median (even count: the mean of the middle two); how the
//! ensemble combines its members' forecasts of one day. Reorders `values`; not empty.
double CombineValues(std::vector<double>& values, EnsembleCombine how);

//! Validates `params` against the catalog's ensemble schema (ValidateParams("ensemble"))
//! and types them. InvalidArgument with the catalog's message on a bad param.
absl::StatusOr<EnsembleParams> ParseEnsembleParams(const Params& params);

//! The ensemble's backtest, computed after the other candidates' backtests.
//! Members: the explicit `members` in the order given (for each, the first candidate of
//! that model_type in `others` with a successful backtest), or else the top_k included
//! entries of RankCandidates(others without ensembles, metric, policy) in rank order
//! (fewer when fewer are included, but at least 2). Each fold's predictions are the
//! pointwise mean or median (even count: mean of the middle two) of the members'
//! predictions; fold metrics are recomputed, MASE scaled on `series_values` (the
//! Series::values the members were backtested on) over the fold's training rows.
//! Result: model_type "ensemble", params = the resolved ensemble params with `members`
//! set to the members actually combined. Errors fail the ensemble candidate only:
//! InvalidArgument for bad params, a member that is not among `others` or failed, fewer
//! than 2 members, members with different folds, or folds outside `series_values`.
//! Candidates with model_type "ensemble" in `others` are ignored. Pure, deterministic.
absl::StatusOr<BacktestResult> CombineEnsemble(const Params& params,
                                               std::span<const CandidateBacktest> others,
                                               std::span<const double> series_values,
                                               RankingMetric metric, const RankingPolicy& policy);

//! Fills in every candidate with model_type "ensemble": its result becomes
//! CombineEnsemble(its params, candidates, ...) (an error fails that candidate only).
//! Call after the other candidates' backtests and before SettleSelection.
void CombineEnsembles(std::span<CandidateBacktest> candidates,
                      std::span<const double> series_values, RankingMetric metric,
                      const RankingPolicy& policy);

}  // namespace champion::engine
