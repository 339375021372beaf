#include "engine/models/model_catalog.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/models/model_registration.h"

namespace champion::engine {
namespace {

ModelInfo MakeEntry(const ModelRegistration& r) {
  ModelInfo info;
  info.model_type = r.model_type;
  info.label = r.label;
  info.family = r.family;
  info.feature_aware = r.feature_aware;
  info.requires_extra = r.requires_extra;
  info.available = r.unavailable_reason.empty();
  info.unavailable_reason = r.unavailable_reason;
  for (const ParamSpec& spec : r.schema) info.default_params.emplace(spec.name, spec.default_value);
  info.param_schema = r.schema;
  info.supports_auto_predict = !r.feature_aware;
  info.description = r.description;
  info.stage = r.stage;
  return info;
}

const ModelRegistration* FindRegistration(std::string_view model_type) {
  for (const ModelRegistration& r : ModelRegistrations()) {
    if (r.model_type == model_type) return &r;
  }
  return nullptr;
}

// The available model types whose registration says `selected`, in catalog order.
std::vector<std::string> AvailableTypes(bool ModelRegistration::*selected) {
  std::vector<std::string> types;
  for (const ModelRegistration& r : ModelRegistrations()) {
    if (r.*selected && r.unavailable_reason.empty()) types.push_back(r.model_type);
  }
  return types;
}

}  // namespace

const char* ModelFamilyName(ModelFamily family) {
  switch (family) {
    case ModelFamily::kBaseline:
      return "baseline";
    case ModelFamily::kStatistical:
      return "statistical";
    case ModelFamily::kAdditive:
      return "additive";
    case ModelFamily::kTree:
      return "tree";
    case ModelFamily::kEnsemble:
      return "ensemble";
  }
  return "unknown";
}

const std::vector<ModelInfo>& ModelCatalog() {
  // Built once, never mutated: safe to read from every thread.
  static const std::vector<ModelInfo>* const catalog = [] {
    auto* entries = new std::vector<ModelInfo>();
    for (const ModelRegistration& r : ModelRegistrations()) entries->push_back(MakeEntry(r));
    return entries;
  }();
  return *catalog;
}

absl::StatusOr<const ModelInfo*> FindModel(std::string_view model_type) {
  for (const ModelInfo& info : ModelCatalog()) {
    if (info.model_type == model_type) return &info;
  }
  return absl::NotFoundError(absl::StrCat("unknown model_type '", std::string(model_type), "'"));
}

std::vector<std::string> DefaultCandidateModelTypes() {
  return AvailableTypes(&ModelRegistration::default_candidate);
}

std::vector<std::string> IntermittentDemandModelTypes() {
  return AvailableTypes(&ModelRegistration::for_intermittent_demand);
}

std::vector<std::string> RecommendedCandidateModelTypes(DemandPattern pattern) {
  std::vector<std::string> types = DefaultCandidateModelTypes();
  if (IsIntermittent(pattern)) {
    std::erase_if(types, [](const std::string& type) {
      return FindRegistration(type)->assumes_continuous_demand;
    });
    for (std::string& type : IntermittentDemandModelTypes()) types.push_back(std::move(type));
  }
  return types;
}

absl::StatusOr<Params> ValidateParams(std::string_view model_type, const Params& params) {
  const ModelRegistration* r = FindRegistration(model_type);
  if (r == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown model_type '", std::string(model_type), "'"));
  }
  absl::StatusOr<Params> resolved = ResolveParams(r->model_type, r->schema, params);
  if (resolved.ok() && r->check_params) RETURN_IF_ERROR(r->check_params(*resolved));
  return resolved;
}

absl::Status CheckAvailable(std::string_view model_type) {
  absl::StatusOr<const ModelInfo*> info = FindModel(model_type);
  if (!info.ok()) return absl::InvalidArgumentError(std::string(info.status().message()));
  if ((*info)->available) return absl::OkStatus();
  return absl::UnimplementedError(
      absl::StrCat((*info)->model_type, ": ", (*info)->unavailable_reason));
}

int CandidateStage(std::string_view model_type) {
  const ModelRegistration* r = FindRegistration(model_type);
  return r == nullptr ? 0 : r->stage;
}

}  // namespace champion::engine
