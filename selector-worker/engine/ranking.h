#pragma once

// Ranking of backtested candidates (ENGINE.md section 5).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/metrics.h"
#include "engine/params.h"

namespace champion::engine {

enum class RankingMetric { kWape, kSmape, kMae, kBias, kMase, kRmse };

//! Wire name ("wape", ...) and back (InvalidArgument on anything else).
const char* RankingMetricName(RankingMetric metric);
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
struct RankedMetrics {
  double wape = 0.0, smape = 0.0, mae = 0.0, rmse = 0.0, bias = 0.0, mase = 0.0;
  int sample_size = 0;
};

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
  RankingMetric metric = RankingMetric::kWape;
  //! Ranked entries by rank, then excluded entries in input order.
  std::vector<RankingEntry> entries;
  //! The winner (rank 1) and runner-up (rank 2), or nullptr.
  const RankingEntry* Winner() const;
  const RankingEntry* RunnerUp() const;
  int IncludedCount() const;
};

//! Ranks candidates. Excluded, in input order: failed ones (reason = their error message),
//! those with a non-finite wape/smape/mae/bias or ranking metric ("missing or non-finite
//! primary metric"), and those with sample_size < minimum_sample_size (the reason names
//! both numbers). Sort: the ranking metric (|bias| for bias) ascending, then
//! wape -> smape -> |bias| -> mae without the primary, then model_type, then input order.
Ranking RankCandidates(std::span<const RankingCandidate> candidates, RankingMetric metric,
                       const RankingPolicy& policy);

}  // namespace champion::engine
