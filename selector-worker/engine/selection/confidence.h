#pragma once

// Recommendation confidence (docs/ENGINE.md section 5).

#include <optional>
#include <string>
#include <vector>

#include "engine/selection/ranking.h"
#include "engine/selection/significance.h"
#include "engine/series/availability.h"

namespace champion::engine {

enum class ConfidenceLevel { kLow, kMedium, kHigh };

//! Wire name: "low", "medium", "high".
const char* ConfidenceLevelName(ConfidenceLevel level);

struct Confidence {
  ConfidenceLevel level = ConfidenceLevel::kLow;
  //! The matching rule's sentence, then (when given) the Diebold-Mariano finding.
  std::vector<std::string> reasons;
  //! (runner_up - winner) / runner_up on WAPE (on the metric the ranking sorted by when
  //! either WAPE is undefined), 0 when runner_up <= 0; nullopt without a runner-up.
  std::optional<double> lead;
  std::optional<Significance> significance;
};

//! The sentence AssessConfidence adds for a Diebold-Mariano result (significant at 5% or
//! not, with the p-value; "inconclusive" for a NaN p-value).
std::string SignificanceFinding(const Significance& significance);

//! Applies the rules of docs/ENGINE.md section 5 in order (first match wins): no valid candidate,
//! one valid candidate, availability limited, |winner bias| > max_acceptable_abs_bias, lead < 0.02,
//! lead >= high_confidence_rel_improvement, otherwise medium. `significance` (winner vs
//! runner-up) never changes the level; it adds a second reason.
Confidence AssessConfidence(const Ranking& ranking, AvailabilityStatus availability,
                            const RankingPolicy& policy,
                            const std::optional<Significance>& significance);

}  // namespace champion::engine
