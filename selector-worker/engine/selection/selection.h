#pragma once

// SettleSelection: the one call that turns a run's candidate backtests into its outcome
// (docs/ENGINE.md sections 5 and 6). Used by synchronous runs and by the async settle alike.

#include <optional>
#include <span>
#include <string>

#include "engine/backtest/backtest.h"
#include "engine/explain/charts.h"
#include "engine/explain/explanation.h"
#include "engine/selection/confidence.h"
#include "engine/selection/ranking.h"
#include "engine/selection/significance.h"
#include "engine/series/availability.h"

namespace champion::engine {

struct SettleInput {
  //! Every candidate in input (ordinal) order, ensembles already combined
  //! (CombineEnsembles). Borrowed for the call.
  std::span<const CandidateBacktest> candidates;
  RankingMetric ranking_metric = RankingMetric::kWape;
  RankingPolicy policy;
  //! The pair's availability (its status feeds the confidence rules, the rest the notes).
  Availability availability;
};

//! The Diebold-Mariano comparison of the winner with the runner-up, as the API shows it.
struct SignificanceReport {
  Significance test;
  std::string runner_up_model_type;
  int sample_size = 0;  //!< Paired forecast errors compared.
  std::string finding;  //!< The sentence also added to the confidence reasons.
};

struct SelectionOutcome {
  Ranking ranking;        //!< Ranked entries, then excluded ones (with reasons).
  Confidence confidence;  //!< Level and reasons ("no candidate ..." without a winner).
  std::optional<SignificanceReport> significance;  //!< Needs a winner and a runner-up.
  std::optional<ChartData> chart_data;             //!< Only with a winner.
  BusinessSummary business_summary;
  //! Rank 1 (carries its params), or nullptr.
  const RankingEntry* winner() const { return ranking.Winner(); }
};

//! Ranks the candidates (RankCandidates; a failed candidate's reason is its error
//! message), tests winner vs runner-up with Diebold-Mariano on their pooled fold errors
//! (horizon = the winner's test window length; skipped when the errors do not pair up),
//! assesses confidence, and builds the chart data and business summary. Pure and
//! deterministic: the same input gives the same bytes.
SelectionOutcome SettleSelection(const SettleInput& input);

}  // namespace champion::engine
