#pragma once

// Chart data of a settled run (docs/ENGINE.md section 6). Plain structs shaped like the
// ChartData proto message; service/ only copies them.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "engine/backtest/backtest.h"
#include "engine/selection/ranking.h"

namespace champion::engine {

//! One bar: a model's aggregated metric.
struct ModelValue {
  std::string model_type;
  double value = 0.0;
  bool is_winner = false;
};

//! Per-fold WAPE of one model, in fold order; 0 for a fold whose actuals sum to 0.
struct ModelFoldStability {
  std::string model_type;
  std::vector<double> wape_by_fold;
};

//! One fold's test window: dates, actuals and the model's predictions (same length).
struct FoldSeries {
  int fold_index = 0;
  std::vector<absl::CivilDay> dates;
  std::vector<double> actuals;
  std::vector<double> predictions;
};

struct ChartData {
  std::vector<ModelValue> wape_by_model;           //!< Included entries in rank order.
  std::vector<ModelValue> bias_by_model;           //!< Included entries in rank order.
  std::vector<ModelFoldStability> fold_stability;  //!< Included entries in rank order.
  std::vector<FoldSeries> winner_actual_vs_predicted;
  //! Every included model by model_type (when a type appears twice, the better-ranked one).
  std::map<std::string, std::vector<FoldSeries>> actual_vs_predicted;
};

//! The chart data of `ranking`, which must be RankCandidates over `candidates` in the
//! same order (entries point into it by input_index). nullopt when there is no winner.
//! Deterministic: same input, same numbers.
std::optional<ChartData> BuildChartData(const Ranking& ranking,
                                        std::span<const CandidateBacktest> candidates);

//! `fold`'s WAPE for charts: its metric, or 0 when its actuals sum to 0.
double ChartFoldWape(const FoldResult& fold);

}  // namespace champion::engine
