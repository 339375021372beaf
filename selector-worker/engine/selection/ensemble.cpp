#include "engine/selection/ensemble.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/models/model_catalog.h"

namespace champion::engine {
namespace {

constexpr char kEnsemble[] = "ensemble";

bool SameFolds(const BacktestResult& a, const BacktestResult& b) {
  if (a.folds.size() != b.folds.size()) return false;
  for (std::size_t i = 0; i < a.folds.size(); ++i) {
    const Fold& x = a.folds[i].fold;
    const Fold& y = b.folds[i].fold;
    if (x.train_begin != y.train_begin || x.train_end != y.train_end ||
        x.test_begin != y.test_begin || x.test_end != y.test_end ||
        a.folds[i].predictions.size() != b.folds[i].predictions.size()) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::vector<const BacktestResult*>> ExplicitMembers(
    const std::vector<std::string>& names, std::span<const CandidateBacktest> others) {
  std::vector<const BacktestResult*> out;
  for (const std::string& name : names) {
    const CandidateBacktest* found = nullptr;
    for (const CandidateBacktest& c : others) {
      if (c.model_type != name) continue;
      if (found == nullptr || (!found->result.ok() && c.result.ok())) found = &c;
    }
    if (found == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("ensemble: member '", name, "' is not a candidate of this run"));
    }
    if (!found->result.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("ensemble: member '", name, "' failed: ", found->result.status().message()));
    }
    out.push_back(&*found->result);
  }
  return out;
}

absl::StatusOr<std::vector<const BacktestResult*>> TopMembers(
    int top_k, std::span<const CandidateBacktest> others, RankingMetric metric,
    const RankingPolicy& policy) {
  std::vector<RankingCandidate> candidates;
  std::vector<const BacktestResult*> results;
  for (const CandidateBacktest& c : others) {
    if (c.model_type == kEnsemble) continue;
    RankingCandidate rc{
        .model_type = c.model_type, .params = c.params, .status = c.result.status()};
    if (c.result.ok()) rc.metrics = c.result->metrics;
    candidates.push_back(std::move(rc));
    results.push_back(c.result.ok() ? &*c.result : nullptr);
  }
  const Ranking ranking = RankCandidates(candidates, metric, policy);
  std::vector<const BacktestResult*> out;
  for (const RankingEntry& e : ranking.entries) {
    if (!e.included || static_cast<int>(out.size()) == top_k) break;
    out.push_back(results[e.input_index]);
  }
  if (out.size() < 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ensemble: needs at least 2 successful candidates to combine, found ", out.size()));
  }
  return out;
}

}  // namespace

double CombineValues(std::vector<double>& values, EnsembleCombine how) {
  const std::size_t n = values.size();
  if (how == EnsembleCombine::kMean) {
    double sum = 0.0;
    for (double v : values) sum += v;  // In member order: deterministic.
    return sum / static_cast<double>(n);
  }
  std::sort(values.begin(), values.end());
  return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

namespace {

absl::StatusOr<FoldResult> CombineFold(const std::vector<const BacktestResult*>& members,
                                       std::size_t f, std::span<const double> series,
                                       EnsembleCombine how) {
  const FoldResult& first = members.front()->folds[f];
  if (first.fold.train_end > static_cast<int>(series.size())) {
    return absl::InvalidArgumentError("ensemble: the members' folds lie outside the series");
  }
  FoldResult out{.fold = first.fold,
                 .train_from = first.train_from,
                 .train_to = first.train_to,
                 .dates = first.dates,
                 .actuals = first.actuals};
  std::vector<double> point(members.size());
  for (std::size_t i = 0; i < first.predictions.size(); ++i) {
    for (std::size_t m = 0; m < members.size(); ++m) point[m] = members[m]->folds[f].predictions[i];
    out.predictions.push_back(CombineValues(point, how));
  }
  const auto train =
      series.subspan(first.fold.train_begin, first.fold.train_end - first.fold.train_begin);
  ASSIGN_OR_RETURN(out.metrics, ComputeFoldMetrics(out.actuals, out.predictions, train));
  return out;
}

}  // namespace

absl::StatusOr<EnsembleParams> ParseEnsembleParams(const Params& params) {
  ASSIGN_OR_RETURN(Params resolved, ValidateParams(kEnsemble, params));
  EnsembleParams p;
  p.members = GetOptionalStringList(resolved, "members");
  p.top_k = GetInt(resolved, "top_k");
  p.combine =
      GetString(resolved, "combine") == "mean" ? EnsembleCombine::kMean : EnsembleCombine::kMedian;
  return p;
}

absl::StatusOr<BacktestResult> CombineEnsemble(const Params& params,
                                               std::span<const CandidateBacktest> others,
                                               std::span<const double> series_values,
                                               RankingMetric metric, const RankingPolicy& policy) {
  ASSIGN_OR_RETURN(Params resolved, ValidateParams(kEnsemble, params));
  ASSIGN_OR_RETURN(EnsembleParams p, ParseEnsembleParams(resolved));
  RETURN_IF_ERROR(CheckAvailable(kEnsemble));
  std::vector<const BacktestResult*> members;
  if (p.members) {
    ASSIGN_OR_RETURN(members, ExplicitMembers(*p.members, others));
  } else {
    ASSIGN_OR_RETURN(members, TopMembers(p.top_k, others, metric, policy));
  }
  std::vector<std::string> names;
  for (const BacktestResult* m : members) {
    if (!SameFolds(*members.front(), *m)) {
      return absl::InvalidArgumentError(
          absl::StrCat("ensemble: members '", members.front()->model_type, "' and '", m->model_type,
                       "' were backtested on different folds"));
    }
    names.push_back(m->model_type);
  }
  BacktestResult out{.model_type = kEnsemble, .params = std::move(resolved)};
  out.params["members"] = names;
  for (std::size_t f = 0; f < members.front()->folds.size(); ++f) {
    ASSIGN_OR_RETURN(FoldResult fold, CombineFold(members, f, series_values, p.combine));
    out.folds.push_back(std::move(fold));
  }
  RETURN_IF_ERROR(AddConformalIntervals(out, series_values));
  return out;
}

void CombineEnsembles(std::span<CandidateBacktest> candidates,
                      std::span<const double> series_values, RankingMetric metric,
                      const RankingPolicy& policy) {
  for (CandidateBacktest& c : candidates) {
    if (c.model_type != kEnsemble) continue;
    c.result = CombineEnsemble(c.params, candidates, series_values, metric, policy);
  }
}

}  // namespace champion::engine
