#include "engine/selection/ranking.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace champion::engine {
namespace {

constexpr RankingMetric kTieBreakChain[] = {RankingMetric::kWape, RankingMetric::kSmape,
                                            RankingMetric::kBias, RankingMetric::kMae};

// The sort value of `metric` (|bias| for bias).
double SortValue(const AggregateMetrics& m, RankingMetric metric) {
  return engine::SortValue(metric, m[metric].value);
}

// Finite forecasts give finite pooled MAE, sMAPE and bias whatever the data.
bool HasFiniteForecasts(const AggregateMetrics& m) {
  return std::isfinite(m[Metric::kMae].value) && std::isfinite(m[Metric::kSmape].value) &&
         std::isfinite(m[Metric::kBias].value);
}

// NaN sorts as +inf, so every pair of values compares consistently.
double SortKey(double v) { return std::isnan(v) ? std::numeric_limits<double>::infinity() : v; }

struct Ranked {
  const RankingCandidate* candidate;
  int input_index;
};

bool Before(const Ranked& a, const Ranked& b, RankingMetric metric) {
  const AggregateMetrics& x = a.candidate->metrics;
  const AggregateMetrics& y = b.candidate->metrics;
  if (SortValue(x, metric) != SortValue(y, metric)) {
    return SortValue(x, metric) < SortValue(y, metric);
  }
  for (RankingMetric tie : kTieBreakChain) {
    if (tie == metric) continue;
    const double u = SortKey(SortValue(x, tie));
    const double v = SortKey(SortValue(y, tie));
    if (u != v) return u < v;
  }
  if (a.candidate->model_type != b.candidate->model_type) {
    return a.candidate->model_type < b.candidate->model_type;
  }
  return a.input_index < b.input_index;
}

RankedMetrics ToRanked(const AggregateMetrics& m) {
  RankedMetrics out;
  for (Metric metric : kAllMetrics) out[metric] = m[metric].value;
  out.sample_size = m.sample_size;
  return out;
}

}  // namespace

double RankedValue(const RankedMetrics& m, RankingMetric metric) {
  return SortValue(metric, m[metric]);
}

absl::StatusOr<RankingMetric> ParseRankingMetric(std::string_view name) {
  if (std::optional<Metric> metric = ParseMetric(name)) return *metric;
  std::vector<std::string> names;
  for (Metric m : kAllMetrics) names.push_back(MetricName(m));
  return absl::InvalidArgumentError(absl::StrCat("ranking_metric must be one of ",
                                                 absl::StrJoin(names, ", "), ", got '",
                                                 std::string(name), "'"));
}

absl::Status ValidateRankingPolicy(const RankingPolicy& p) {
  if (p.minimum_sample_size < 0) {
    return absl::InvalidArgumentError("ranking_policy.minimum_sample_size must be >= 0");
  }
  if (!(p.high_confidence_rel_improvement >= 0 && p.high_confidence_rel_improvement <= 1)) {
    return absl::InvalidArgumentError(
        "ranking_policy.high_confidence_rel_improvement must be in [0, 1]");
  }
  if (!(p.max_acceptable_abs_bias >= 0)) {
    return absl::InvalidArgumentError("ranking_policy.max_acceptable_abs_bias must be >= 0");
  }
  return absl::OkStatus();
}

const RankingEntry* Ranking::Winner() const {
  return !entries.empty() && entries[0].included ? &entries[0] : nullptr;
}

const RankingEntry* Ranking::RunnerUp() const {
  return entries.size() > 1 && entries[1].included ? &entries[1] : nullptr;
}

int Ranking::IncludedCount() const {
  return static_cast<int>(std::count_if(entries.begin(), entries.end(),
                                        [](const RankingEntry& e) { return e.included; }));
}

Ranking RankCandidates(std::span<const RankingCandidate> candidates, RankingMetric metric,
                       const RankingPolicy& policy) {
  constexpr char kNonFinite[] = "missing or non-finite primary metric";
  Ranking out;
  out.metric = metric;
  // First pass: failures, non-finite forecasts and small samples are out whatever the metric.
  std::vector<RankingEntry> excluded;
  std::vector<Ranked> eligible;
  for (int i = 0; i < static_cast<int>(candidates.size()); ++i) {
    const RankingCandidate& c = candidates[i];
    RankingEntry e{.input_index = i, .model_type = c.model_type, .params = c.params};
    if (!c.status.ok()) {
      e.exclusion_reason = std::string(c.status.message());
    } else if (!HasFiniteForecasts(c.metrics)) {
      e.exclusion_reason = kNonFinite;
    } else if (c.metrics.sample_size < policy.minimum_sample_size) {
      e.exclusion_reason =
          absl::StrCat("sample_size ", c.metrics.sample_size, " is below minimum_sample_size ",
                       policy.minimum_sample_size);
    } else {
      eligible.push_back({&c, i});
      continue;
    }
    excluded.push_back(std::move(e));
  }
  // The requested metric when the data defines it for someone, else MAE (always finite here).
  const bool defined = std::any_of(eligible.begin(), eligible.end(), [metric](const Ranked& r) {
    return std::isfinite(SortValue(r.candidate->metrics, metric));
  });
  out.ranked_by = defined || eligible.empty() ? metric : RankingMetric::kMae;
  std::vector<Ranked> ranked;
  for (const Ranked& r : eligible) {
    if (std::isfinite(SortValue(r.candidate->metrics, out.ranked_by))) {
      ranked.push_back(r);
      continue;
    }
    const RankingCandidate& c = *r.candidate;
    excluded.push_back({.input_index = r.input_index,
                        .model_type = c.model_type,
                        .params = c.params,
                        .exclusion_reason = kNonFinite});
  }
  std::sort(excluded.begin(), excluded.end(), [](const RankingEntry& a, const RankingEntry& b) {
    return a.input_index < b.input_index;
  });
  const RankingMetric by = out.ranked_by;
  std::sort(ranked.begin(), ranked.end(),
            [by](const Ranked& a, const Ranked& b) { return Before(a, b, by); });
  for (std::size_t r = 0; r < ranked.size(); ++r) {
    const RankingCandidate& c = *ranked[r].candidate;
    out.entries.push_back({.input_index = ranked[r].input_index,
                           .model_type = c.model_type,
                           .params = c.params,
                           .rank = static_cast<int>(r) + 1,
                           .included = true,
                           .metrics = ToRanked(c.metrics)});
  }
  for (RankingEntry& e : excluded) out.entries.push_back(std::move(e));
  return out;
}

}  // namespace champion::engine
