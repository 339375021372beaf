#include "engine/explain/explanation.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/models/model_catalog.h"

namespace champion::engine {
namespace {

constexpr int kFewFolds = 3;

// "Seasonal naive (seasonal_naive)", or the bare type when it is not in the catalog.
std::string Name(const std::string& model_type) {
  absl::StatusOr<const ModelInfo*> info = FindModel(model_type);
  if (!info.ok()) return model_type;
  return absl::StrCat((*info)->label, " (", model_type, ")");
}

bool IsPercent(RankingMetric m) {
  return m == RankingMetric::kWape || m == RankingMetric::kSmape || m == RankingMetric::kCoverage;
}

std::string Format(double v, RankingMetric m) {
  if (IsPercent(m)) return absl::StrFormat("%.1f%%", v);
  return absl::StrFormat(m == RankingMetric::kMase ? "%.3f" : "%.2f", v);
}

std::string LeadText(const RankingEntry& w, const RankingEntry& r, RankingMetric metric) {
  const double a = RankedValue(*w.metrics, metric);
  const double b = RankedValue(*r.metrics, metric);
  const std::string label = MetricLabel(metric);
  if (a == b) {
    return absl::StrFormat(
        "%s and %s tie on %s (%s); the tie-breaks (WAPE, sMAPE, absolute bias, MAE, then "
        "name) rank %s first.",
        Name(w.model_type), Name(r.model_type), label, Format(a, metric), w.model_type);
  }
  if (metric == RankingMetric::kCoverage) {  // Ranked by the distance from the nominal 80%.
    return absl::StrFormat("%s beats %s on %s: %s vs %s, closer to the nominal %.0f%%.",
                           Name(w.model_type), Name(r.model_type), label,
                           Format((*w.metrics)[metric], metric),
                           Format((*r.metrics)[metric], metric), kIntervalNominalCoverage);
  }
  std::string text =
      absl::StrFormat("%s beats %s on %s: %s vs %s", Name(w.model_type), Name(r.model_type), label,
                      Format(a, metric), Format(b, metric));
  if (b > 0) absl::StrAppendFormat(&text, ", %.1f%% lower", (b - a) / b * 100.0);
  return text + ".";
}

std::string Headline(const Ranking& ranking, const Confidence& confidence,
                     std::span<const CandidateBacktest> candidates) {
  const RankingEntry* w = ranking.Winner();
  const auto cancelled = std::count_if(candidates.begin(), candidates.end(), [](const auto& c) {
    return c.result.status().code() == absl::StatusCode::kCancelled;
  });
  if (w == nullptr && cancelled > 0) {  // Not the candidates' fault: the run was stopped.
    return absl::StrFormat(
        "No model could be recommended: the run was cancelled (%d of %d candidates did not "
        "finish) before any candidate produced a valid backtest.",
        static_cast<int>(cancelled), static_cast<int>(candidates.size()));
  }
  if (w == nullptr && ranking.entries.size() == 1) {
    return "No model could be recommended: the only candidate did not produce a valid backtest.";
  }
  if (w == nullptr) {
    return absl::StrFormat(
        "No model could be recommended: none of the %d candidates produced a valid backtest.",
        static_cast<int>(ranking.entries.size()));
  }
  return absl::StrFormat("Recommended model: %s, with %s confidence.", Name(w->model_type),
                         ConfidenceLevelName(confidence.level));
}

const BacktestResult* FirstResult(std::span<const CandidateBacktest> candidates,
                                  const RankingEntry* preferred) {
  if (preferred != nullptr && preferred->input_index < static_cast<int>(candidates.size()) &&
      candidates[preferred->input_index].result.ok()) {
    return &*candidates[preferred->input_index].result;
  }
  for (const CandidateBacktest& c : candidates) {
    if (c.result.ok()) return &*c.result;
  }
  return nullptr;
}

std::vector<std::string> DataNotes(const Ranking& ranking, const Availability& a,
                                   const BacktestResult* backtest) {
  std::vector<std::string> notes;
  if (a.first_date && a.last_date) {
    notes.push_back(absl::StrFormat(
        "Sales history of this pair: %d observed days between %s and %s (%d calendar days, "
        "%.1f%% coverage).",
        a.observed_days, absl::FormatCivilTime(*a.first_date), absl::FormatCivilTime(*a.last_date),
        a.expected_calendar_days, a.coverage_ratio * 100.0));
  }
  notes.push_back(
      absl::StrFormat("Average daily demand: %.2f units per observed day; %d days with zero sales.",
                      a.average_daily_demand, a.zero_sale_days));
  if (a.promotion_days) {
    notes.push_back(
        absl::StrFormat("Promotions covered %d of the observed days.", *a.promotion_days));
  }
  notes.push_back(
      absl::StrCat("Data availability is ", AvailabilityStatusName(a.status), ": ", a.reason));
  for (const std::string& w : a.warnings) notes.push_back(w);
  if (backtest != nullptr) {
    notes.push_back(
        absl::StrFormat("Each candidate was backtested on %d fold(s), %d test days in all.",
                        backtest->metrics.fold_count, backtest->metrics.sample_size));
  }
  std::vector<std::string> excluded;
  for (const RankingEntry& e : ranking.entries) {
    if (!e.included) excluded.push_back(e.model_type);
  }
  if (!excluded.empty()) {
    notes.push_back(absl::StrFormat(
        "%d of %d candidates were excluded from the ranking (see their reasons): %s.",
        static_cast<int>(excluded.size()), static_cast<int>(ranking.entries.size()),
        absl::StrJoin(excluded, ", ")));
  }
  return notes;
}

std::vector<std::string> Caveats(const Ranking& ranking, const BacktestResult* backtest) {
  std::vector<std::string> caveats = {
      "Backtests show how each model would have performed on past data; they are not a "
      "guarantee of future accuracy."};
  const RankingEntry* winner = ranking.Winner();
  if (winner == nullptr) return caveats;
  if (ranking.FellBack()) {
    caveats.push_back(
        absl::StrFormat("%s is undefined here: %s, so the candidates are ranked by %s instead.",
                        MetricLabel(ranking.metric),
                        ranking.metric == RankingMetric::kMase
                            ? "the training data has no seasonal variation to scale the errors by"
                            : "no test day of the backtest had any sales",
                        MetricLabel(ranking.ranked_by)));
  }
  if (backtest != nullptr && backtest->metrics.fold_count < kFewFolds) {
    caveats.push_back(absl::StrFormat(
        "Only %d backtest fold(s) were possible, so the comparison rests on little history.",
        backtest->metrics.fold_count));
  }
  absl::StatusOr<const ModelInfo*> info = FindModel(winner->model_type);
  if (info.ok() && (*info)->feature_aware) {
    caveats.push_back(
        "The winner uses recorded prices, promotions and holidays; its future forecasts are only "
        "as good as those inputs, which must be known in advance.");
  }
  if (info.ok() && (*info)->family == ModelFamily::kEnsemble) {
    caveats.push_back(
        "The winner combines other candidates' forecasts, so every member must run in "
        "production.");
  }
  return caveats;
}

}  // namespace

std::string MetricsSummaryLine(const RankedMetrics& m) {
  std::string bias = absl::StrFormat("%+.2f", m[Metric::kBias]);
  const char* tendency = "tends to under-forecast";
  if (bias == "+0.00" || bias == "-0.00") {
    bias = "0.00";
    tendency = "no systematic over- or under-forecast";
  } else if (m[Metric::kBias] < 0) {
    tendency = "tends to over-forecast";
  }
  const std::string wape = std::isfinite(m[Metric::kWape])
                               ? absl::StrFormat("WAPE %.1f%%", m[Metric::kWape])
                               : "WAPE undefined (no sales)";
  return absl::StrFormat("%s, sMAPE %.1f%%, MAE %.2f units, bias %s units (%s)", wape,
                         m[Metric::kSmape], m[Metric::kMae], bias, tendency);
}

BusinessSummary ExplainSelection(const Ranking& ranking, const Confidence& confidence,
                                 const Availability& availability,
                                 std::span<const CandidateBacktest> candidates) {
  BusinessSummary s;
  const RankingEntry* winner = ranking.Winner();
  const RankingEntry* runner_up = ranking.RunnerUp();
  const BacktestResult* backtest = FirstResult(candidates, winner);
  s.headline = Headline(ranking, confidence, candidates);
  if (winner != nullptr) {
    s.winner = ModelSummary{winner->model_type, MetricsSummaryLine(*winner->metrics)};
  }
  if (winner != nullptr && runner_up != nullptr) {
    s.comparison = Comparison{runner_up->model_type, MetricsSummaryLine(*runner_up->metrics),
                              LeadText(*winner, *runner_up, ranking.ranked_by)};
  }
  s.recommendation_confidence = confidence.level;
  s.confidence_reasons = confidence.reasons;
  s.data_notes = DataNotes(ranking, availability, backtest);
  s.caveats = Caveats(ranking, backtest);
  return s;
}

}  // namespace champion::engine
