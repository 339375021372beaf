#pragma once

// The business summary of a settled run (docs/ENGINE.md section 6): plain sentences for
// planners, computed once. Deterministic: same input, same bytes.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/backtest/backtest.h"
#include "engine/selection/confidence.h"
#include "engine/selection/ranking.h"
#include "engine/series/availability.h"

namespace champion::engine {

struct ModelSummary {
  std::string model_type;
  std::string summary;  //!< One line: WAPE, sMAPE, MAE, bias.
};

struct Comparison {
  std::string runner_up_model_type;
  std::string runner_up_summary;
  std::string lead_text;  //!< How the winner compares on the ranking metric.
};

struct BusinessSummary {
  std::string headline;                  //!< Winner and confidence, or "none recommended".
  std::optional<ModelSummary> winner;    //!< nullopt without a winner.
  std::optional<Comparison> comparison;  //!< nullopt without a runner-up.
  ConfidenceLevel recommendation_confidence = ConfidenceLevel::kLow;
  std::vector<std::string> confidence_reasons;
  std::vector<std::string> data_notes;  //!< Coverage, demand, availability warnings, folds.
  std::vector<std::string> caveats;     //!< Always starts with the "history" caveat.
};

//! One line with WAPE, sMAPE, MAE and bias, e.g.
//! "WAPE 12.3%, sMAPE 14.1%, MAE 2.35 units, bias +0.12 units (tends to under-forecast)".
std::string MetricsSummaryLine(const RankedMetrics& metrics);

//! The summary of `ranking` (RankCandidates over `candidates`, same order) with its
//! `confidence` (AssessConfidence) and the pair's `availability`.
BusinessSummary ExplainSelection(const Ranking& ranking, const Confidence& confidence,
                                 const Availability& availability,
                                 std::span<const CandidateBacktest> candidates);

}  // namespace champion::engine
