#pragma once

// The candidate model catalog: every model type, its params and whether this build can run
// it, derived from the models' registrations (models/model_registration.h).

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/models/params.h"
#include "engine/series/availability.h"

namespace champion::engine {

enum class ModelFamily { kBaseline, kStatistical, kAdditive, kTree, kEnsemble };

//! Wire name: "baseline", "statistical", "additive", "tree", "ensemble".
const char* ModelFamilyName(ModelFamily family);

//! One catalog entry. Immutable after start-up; safe to share across threads.
struct ModelInfo {
  std::string model_type;  //!< Wire name, e.g. "seasonal_naive".
  std::string label;       //!< Display name, e.g. "Seasonal naive".
  ModelFamily family = ModelFamily::kBaseline;
  bool feature_aware = false;      //!< Uses the feature frame (lags, calendar, price, promo).
  bool requires_extra = false;     //!< Needs an optional third-party library (XGBoost, LightGBM).
  bool available = false;          //!< This build can run it.
  std::string unavailable_reason;  //!< Empty when available.
  Params default_params;           //!< Every schema param with its default.
  std::vector<ParamSpec> param_schema;
  bool supports_auto_predict = true;  //!< = !feature_aware.
  std::string description;
  int stage = 0;  //!< 0 = runs at once; 1 = once every stage-0 candidate is terminal.
};

//! The whole catalog in a fixed order (reference models first, then the "beyond" ones).
const std::vector<ModelInfo>& ModelCatalog();

//! The entry for `model_type`, or NotFound "unknown model_type 'x'".
absl::StatusOr<const ModelInfo*> FindModel(std::string_view model_type);

//! The default candidates (registrations marked default_candidate, available in this build),
//! in catalog order: naive, seasonal_naive, moving_average, regression, prophet_like,
//! auto_ets, auto_arima, theta.
std::vector<std::string> DefaultCandidateModelTypes();

//! The models built for intermittent demand (many days without sales; registrations marked
//! for_intermittent_demand), in catalog order and available in this build.
std::vector<std::string> IntermittentDemandModelTypes();

//! The candidates to preselect for a pair with this demand pattern: the default candidates;
//! when the pattern is intermittent or lumpy, those that assume continuous demand (auto_arima)
//! are replaced by IntermittentDemandModelTypes().
std::vector<std::string> RecommendedCandidateModelTypes(DemandPattern pattern);

//! Resolves `params` for `model_type` (defaults filled in). InvalidArgument for an unknown
//! model type, any param problem (see ResolveParams) or a failed check across params of the
//! model's registration (the ensemble's members, for one). Does not check
//! availability: an unavailable model validates its params like any other.
absl::StatusOr<Params> ValidateParams(std::string_view model_type, const Params& params);

//! When a candidate of `model_type` may run within its run: 0 = at once, 1 = once every
//! stage-0 candidate is terminal (the ensemble combines their results). 0 for unknown types.
int CandidateStage(std::string_view model_type);

//! OK when `model_type` is known and available, else InvalidArgument (unknown) or
//! Unimplemented carrying the entry's unavailable_reason.
absl::Status CheckAvailable(std::string_view model_type);

}  // namespace champion::engine
