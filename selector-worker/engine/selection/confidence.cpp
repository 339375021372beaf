#include "engine/selection/confidence.h"

#include <cmath>

#include "absl/strings/str_format.h"

namespace champion::engine {
namespace {

constexpr double kNearTie = 0.02;
constexpr double kSignificanceLevel = 0.05;

std::string Pct(double ratio) { return absl::StrFormat("%.1f%%", ratio * 100.0); }

// WAPE when the winner and the runner-up both have one, else what the ranking sorted by.
RankingMetric LeadMetric(const Ranking& r) {
  const RankedMetrics& w = *r.Winner()->metrics;
  const RankedMetrics& s = *r.RunnerUp()->metrics;
  if (std::isfinite(w[Metric::kWape]) && std::isfinite(s[Metric::kWape]))
    return RankingMetric::kWape;
  return r.ranked_by;
}

std::string LevelReason(const Ranking& r, AvailabilityStatus availability,
                        const RankingPolicy& policy, double lead, ConfidenceLevel& level) {
  const char* on = MetricLabel(LeadMetric(r));
  const RankingEntry& winner = *r.Winner();
  level = ConfidenceLevel::kLow;
  if (availability == AvailabilityStatus::kLimited) {
    return "Data availability is limited, so the backtest rests on few or patchy days.";
  }
  const double bias = (*winner.metrics)[Metric::kBias];
  if (std::fabs(bias) > policy.max_acceptable_abs_bias) {
    return absl::StrFormat("The winner's bias of %.4g units per day exceeds the acceptable %.4g.",
                           bias, policy.max_acceptable_abs_bias);
  }
  if (lead < 0) {
    return absl::StrFormat("The runner-up has a %s lower %s than the winner ranked by %s.",
                           Pct(-lead), on, MetricName(r.ranked_by));
  }
  if (lead < kNearTie) {
    return absl::StrFormat("The winner leads the runner-up by only %s on %s (a near tie).",
                           Pct(lead), on);
  }
  if (lead >= policy.high_confidence_rel_improvement) {
    level = ConfidenceLevel::kHigh;
    return absl::StrFormat("The winner leads the runner-up by %s on %s.", Pct(lead), on);
  }
  level = ConfidenceLevel::kMedium;
  return absl::StrFormat(
      "The winner leads the runner-up by %s on %s, below the %s needed for high confidence.",
      Pct(lead), on, Pct(policy.high_confidence_rel_improvement));
}

}  // namespace

std::string SignificanceFinding(const Significance& s) {
  if (std::isnan(s.p_value)) return "A Diebold-Mariano test was inconclusive.";
  const bool significant = s.p_value < kSignificanceLevel;
  return absl::StrFormat(
      "A Diebold-Mariano test on the pooled fold errors finds the difference %s (p = %.3g).",
      significant ? "statistically significant" : "not statistically significant", s.p_value);
}

const char* ConfidenceLevelName(ConfidenceLevel level) {
  switch (level) {
    case ConfidenceLevel::kLow:
      return "low";
    case ConfidenceLevel::kMedium:
      return "medium";
    case ConfidenceLevel::kHigh:
      return "high";
  }
  return "unknown";
}

Confidence AssessConfidence(const Ranking& ranking, AvailabilityStatus availability,
                            const RankingPolicy& policy,
                            const std::optional<Significance>& significance) {
  Confidence c;
  if (ranking.Winner() == nullptr) {
    c.reasons.push_back("no candidate produced a valid backtest");
    return c;
  }
  const RankingEntry* second = ranking.RunnerUp();
  if (second == nullptr) {
    c.reasons.push_back(
        "Only one candidate produced a valid backtest, so there is nothing to compare it with.");
    return c;
  }
  const RankingMetric on = LeadMetric(ranking);
  const double w = RankedValue(*ranking.Winner()->metrics, on);
  const double s = RankedValue(*second->metrics, on);
  c.lead = s <= 0 ? 0.0 : (s - w) / s;
  c.reasons.push_back(LevelReason(ranking, availability, policy, *c.lead, c.level));
  if (significance) {
    c.significance = significance;
    c.reasons.push_back(SignificanceFinding(*significance));
  }
  return c;
}

}  // namespace champion::engine
