// The registrations of every model type, collected by the build from the
// CHAMPION_REGISTER_MODEL definitions under engine/models/ (model_list.inc is generated), and
// the forecaster factory derived from them.

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/models/model.h"
#include "engine/models/model_registration.h"

namespace champion::engine {

#define CHAMPION_MODEL(model_type) ModelRegistration ChampionRegisterModel_##model_type();
#include "engine/models/model_list.inc"
#undef CHAMPION_MODEL

const std::vector<ModelRegistration>& ModelRegistrations() {
  // Built once, never mutated: safe to read from every thread.
  static const std::vector<ModelRegistration>* const all = [] {
    auto* list = new std::vector<ModelRegistration>{
#define CHAMPION_MODEL(model_type) ChampionRegisterModel_##model_type(),
#include "engine/models/model_list.inc"
#undef CHAMPION_MODEL
    };
    std::sort(
        list->begin(), list->end(),
        [](const ModelRegistration& a, const ModelRegistration& b) { return a.order < b.order; });
    return list;
  }();
  return *all;
}

absl::StatusOr<std::unique_ptr<Forecaster>> CreateForecaster(std::string_view model_type,
                                                             const Params& params) {
  for (const ModelRegistration& r : ModelRegistrations()) {
    if (r.model_type == model_type && r.create) return r.create(params);
  }
  return absl::InvalidArgumentError(
      absl::StrCat(std::string(model_type), " has no forecaster in this build"));
}

}  // namespace champion::engine
