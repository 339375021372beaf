// The ensemble's registration. It has no forecaster: once the run's other candidates are
// terminal, CombineEnsemble (engine/selection/ensemble.h) combines their stored fold forecasts.

#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/models/model_registration.h"

namespace champion::engine {
namespace {

// `members`, when given, names >= 2 distinct model types other than ensembles.
absl::Status CheckMembers(const Params& resolved) {
  std::optional<std::vector<std::string>> members = GetOptionalStringList(resolved, "members");
  if (!members) return absl::OkStatus();
  std::set<std::string> distinct;
  for (const std::string& member : *members) {
    absl::StatusOr<const ModelInfo*> m = FindModel(member);
    if (!m.ok() || (*m)->stage != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("ensemble: param 'members' names '", member,
                       "', which is not a model type that can be combined"));
    }
    distinct.insert(member);
  }
  if (distinct.size() < 2) {
    return absl::InvalidArgumentError(
        "ensemble: param 'members' must name at least 2 distinct model types");
  }
  return absl::OkStatus();
}

}  // namespace

CHAMPION_REGISTER_MODEL(ensemble) {
  ModelRegistration r = Facts(1000, "ensemble", "Ensemble", ModelFamily::kEnsemble,
                              "Combines the fold forecasts of other candidates without refitting.");
  r.stage = 1;
  ParamSpec members{.name = "members", .type = ParamType::kModelList};
  members.nullable = true;
  members.description = "Model types to combine; null = the top_k best other candidates.";
  ParamSpec top_k{.name = "top_k", .type = ParamType::kInteger, .min = 2, .max = 10};
  top_k.default_value = 3.0;
  top_k.description = "Candidates combined when members is null.";
  ParamSpec combine{.name = "combine", .type = ParamType::kEnum};
  combine.allowed_values = {"mean", "median"};
  combine.default_value = std::string("median");
  combine.description = "How forecasts are combined.";
  r.schema = {std::move(members), std::move(top_k), std::move(combine)};
  r.check_params = CheckMembers;
  return r;
}

}  // namespace champion::engine
