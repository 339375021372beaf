#pragma once

// Ranking of backtested candidates (docs/ENGINE.md section 5).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/backtest/metrics.h"
#include "engine/models/params.h"

namespace champion::engine {

//! What a ranking sorts by: one of the metrics (metrics.h).
using RankingMetric = Metric;

//! The metric named `name` (InvalidArgument listing the names on anything else).
absl::StatusOr<RankingMetric> ParseRankingMetric(std::string_view name);

struct RankingPolicy {
  int minimum_sample_size = 0;                    //!< >= 0
  double high_confidence_rel_improvement = 0.10;  //!< 0..1
  double max_acceptable_abs_bias = 1e9;           //!< >= 0
};

//! InvalidArgument naming the field when a policy value is out of bounds.
absl::Status ValidateRankingPolicy(const RankingPolicy& policy);

//! One candidate as the ranking sees it. `status` not OK = the candidate failed.
struct RankingCandidate {
  std::string model_type;
  Params params;
  absl::Status status;
  AggregateMetrics metrics;  //!< Meaningful only when status is OK.
};

//! The metrics a ranked entry shows.
struct RankedMetrics : PerMetric<double> {
  int sample_size = 0;
};

//! The value `metric` ranks by (|bias| for bias).
double RankedValue(const RankedMetrics& metrics, RankingMetric metric);

struct RankingEntry {
  int input_index = 0;  //!< Position in the ranking input.
  std::string model_type;
  Params params;
  std::optional<int> rank;  //!< 1..k for included entries, nullopt for excluded ones.
  bool included = false;
  std::optional<RankedMetrics> metrics;  //!< nullopt for excluded entries.
  std::string exclusion_reason;          //!< Empty for included entries.
};

struct Ranking {
  RankingMetric metric = RankingMetric::kWape;  //!< As requested.
  //! What the entries are sorted by: `metric`, or MAE when `metric` is undefined for every
  //! candidate (e.g. WAPE when no test day had any sales).
  RankingMetric ranked_by = RankingMetric::kWape;
  bool FellBack() const { return ranked_by != metric; }
  //! Ranked entries by rank, then excluded entries in input order.
  std::vector<RankingEntry> entries;
  //! The winner (rank 1) and runner-up (rank 2), or nullptr.
  const RankingEntry* Winner() const;
  const RankingEntry* RunnerUp() const;
  int IncludedCount() const;
};

//! Ranks candidates. Excluded, in input order: failed ones (reason = their error message),
//! those whose forecasts were not finite (a non-finite mae, smape or bias: "missing or
//! non-finite primary metric"), those with sample_size < minimum_sample_size (the reason
//! names both numbers), and those whose `ranked_by` value is not finite (same reason).
//! `ranked_by` is `metric` when at least one remaining candidate has a finite value of it,
//! else MAE: a candidate with finite forecasts is never excluded just because the data makes
//! the requested metric undefined. Sort: the ranked_by value ascending, then wape -> smape ->
//! |bias| -> mae without it (non-finite values tie), then model_type, then input order.
Ranking RankCandidates(std::span<const RankingCandidate> candidates, RankingMetric metric,
                       const RankingPolicy& policy);

}  // namespace champion::engine
