#include "engine/model_catalog.h"

#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace champion::engine {
namespace {

constexpr char kNotImplemented[] = "not implemented in this build yet";
constexpr char kNoLightGbm[] = "LightGBM is not available in this build";

ParamSpec Int(std::string name, double lo, double hi, double def, std::string desc) {
  ParamSpec s{.name = std::move(name), .type = ParamType::kInteger, .min = lo, .max = hi};
  s.default_value = def;
  s.description = std::move(desc);
  return s;
}

ParamSpec Num(std::string name, double lo, double hi, double def, std::string desc,
              bool exclusive = false) {
  ParamSpec s{.name = std::move(name), .type = ParamType::kNumber, .min = lo, .max = hi};
  s.min_exclusive = exclusive;
  s.max_exclusive = exclusive;
  s.default_value = def;
  s.description = std::move(desc);
  return s;
}

ParamSpec Bool(std::string name, bool def, std::string desc) {
  ParamSpec s{.name = std::move(name), .type = ParamType::kBoolean};
  s.default_value = def;
  s.description = std::move(desc);
  return s;
}

ParamSpec Enum(std::string name, std::vector<std::string> values, std::string def,
               std::string desc) {
  ParamSpec s{.name = std::move(name), .type = ParamType::kEnum};
  s.allowed_values = std::move(values);
  s.default_value = std::move(def);
  s.description = std::move(desc);
  return s;
}

ParamSpec SeasonLength(double lo) {
  return Int("season_length", lo, 365, 7,
             "Observations per season (7 = weekly seasonality in daily data; 1 = none).");
}

// What a catalog row states; the derived fields (defaults, auto-predict) are filled in by
// MakeEntry so the table below stays one line of facts per model.
struct Row {
  const char* model_type;
  const char* label;
  ModelFamily family;
  bool feature_aware;
  bool requires_extra;
  const char* unavailable_reason;  // nullptr = available.
  std::vector<ParamSpec> schema;
  const char* description;
};

ModelInfo MakeEntry(Row row) {
  ModelInfo info;
  info.model_type = row.model_type;
  info.label = row.label;
  info.family = row.family;
  info.feature_aware = row.feature_aware;
  info.requires_extra = row.requires_extra;
  info.available = row.unavailable_reason == nullptr;
  info.unavailable_reason = info.available ? "" : row.unavailable_reason;
  for (const ParamSpec& spec : row.schema)
    info.default_params.emplace(spec.name, spec.default_value);
  info.param_schema = std::move(row.schema);
  info.supports_auto_predict = !row.feature_aware;
  info.description = row.description;
  return info;
}

std::vector<ParamSpec> BoosterSchema() {
  return {Int("n_estimators", 10, 1000, 100, "Number of boosting rounds."),
          Int("max_depth", 1, 20, 6, "Maximum tree depth."),
          Num("learning_rate", 0.001, 1, 0.1, "Shrinkage per boosting round.")};
}

// Availability: a model is available once its implementation exists in engine/models/.
// The models beyond the reference (ENGINE.md section 4, second table).
void AppendBeyondRows(std::vector<Row>& rows) {
  using F = ModelFamily;
  rows.push_back({"ses",
                  "Simple exponential smoothing",
                  F::kStatistical,
                  false,
                  false,
                  nullptr,
                  {},
                  "Simple exponential smoothing with a fitted alpha."});
  rows.push_back({"holt",
                  "Holt linear trend",
                  F::kStatistical,
                  false,
                  false,
                  nullptr,
                  {Bool("damped", false, "Damp the trend (phi fitted).")},
                  "Exponential smoothing with an additive, optionally damped, trend."});
  rows.push_back(
      {"holt_winters",
       "Holt-Winters",
       F::kStatistical,
       false,
       false,
       nullptr,
       {SeasonLength(1),
        Enum("seasonal", {"additive", "multiplicative"}, "additive", "Seasonal component form."),
        Bool("damped", false, "Damp the trend (phi fitted).")},
       "Exponential smoothing with trend and seasonality, parameters fitted."});
  rows.push_back({"auto_ets",
                  "Automatic ETS",
                  F::kStatistical,
                  false,
                  false,
                  nullptr,
                  {SeasonLength(1)},
                  "State-space ETS family selected by AICc; seasonal forms need two full "
                  "seasons; parameters by maximum likelihood."});
  rows.push_back({"theta",
                  "Theta",
                  F::kStatistical,
                  false,
                  false,
                  nullptr,
                  {SeasonLength(1)},
                  "Standard Theta method (SES with drift) with multiplicative seasonal "
                  "adjustment when a seasonality test says so."});
  rows.push_back({"croston",
                  "Croston (intermittent demand)",
                  F::kStatistical,
                  false,
                  false,
                  nullptr,
                  {Enum("variant", {"classic", "sba", "tsb"}, "sba",
                        "classic Croston, Syntetos-Boylan approximation, or Teunter-Syntetos-"
                        "Babai.")},
                  "Separate smoothing of demand sizes and intervals for intermittent demand."});
  ParamSpec members{.name = "members", .type = ParamType::kModelList};
  members.nullable = true;
  members.description = "Model types to combine; null = the top_k best other candidates.";
  rows.push_back({"ensemble",
                  "Ensemble",
                  F::kEnsemble,
                  false,
                  false,
                  nullptr,
                  {members, Int("top_k", 2, 10, 3, "Candidates combined when members is null."),
                   Enum("combine", {"mean", "median"}, "median", "How forecasts are combined.")},
                  "Combines the fold forecasts of other candidates without refitting."});
}

std::vector<ModelInfo> BuildCatalog() {
  using F = ModelFamily;
  std::vector<Row> rows;
  rows.push_back({"naive",
                  "Naive",
                  F::kBaseline,
                  false,
                  false,
                  nullptr,
                  {},
                  "Repeats the last observed value."});
  rows.push_back({"seasonal_naive",
                  "Seasonal naive",
                  F::kBaseline,
                  false,
                  false,
                  nullptr,
                  {SeasonLength(1)},
                  "Repeats the last full season: step h takes the value one season back."});
  rows.push_back({"moving_average",
                  "Moving average",
                  F::kBaseline,
                  false,
                  false,
                  nullptr,
                  {Int("window_size", 1, 90, 7, "Number of most recent observations averaged.")},
                  "Flat forecast at the mean of the last window_size observations."});
  rows.push_back(
      {"weighted_moving_average",
       "Weighted moving average",
       F::kBaseline,
       false,
       false,
       nullptr,
       {Int("window_size", 2, 90, 7, "Number of most recent observations averaged."),
        Enum("weight_strategy", {"linear", "exponential"}, "linear",
             "linear: weights 1..W, newest heaviest; exponential: decay^(W-1)..decay^0."),
        Num("decay", 0, 1, 0.7, "Decay factor of the exponential weights.", true)},
       "Flat forecast at a weighted mean of the last window_size observations."});
  rows.push_back(
      {"seasonal_average",
       "Seasonal average",
       F::kBaseline,
       false,
       false,
       nullptr,
       {SeasonLength(2), Int("lookback_cycles", 2, 12, 4, "Number of past seasons averaged."),
        Bool("trim_outliers", false, "Drop the min and max sample when there are at least 4.")},
       "Each step is the mean of the same season position over the last lookback_cycles "
       "seasons."});
  rows.push_back({"trend_regression_baseline",
                  "Trend regression baseline",
                  F::kBaseline,
                  false,
                  false,
                  nullptr,
                  {Num("alpha", 0, 1000, 1.0, "Ridge penalty."),
                   Bool("include_dow", true, "Add day-of-week indicators."),
                   Bool("include_month", true, "Add month indicators.")},
                  "Ridge regression on a time index with day-of-week and month indicators."});
  rows.push_back({"regression",
                  "Gradient-boosted regression",
                  F::kTree,
                  true,
                  false,
                  nullptr,
                  {Int("max_iter", 10, 1000, 200, "Number of boosting rounds."),
                   Num("learning_rate", 0.001, 1, 0.05, "Shrinkage per boosting round."),
                   Int("max_depth", 1, 20, 6, "Maximum tree depth.")},
                  "Histogram gradient-boosted trees over the feature frame."});
  ParamSpec rf_depth = Int("max_depth", 2, 64, 10, "Maximum tree depth; null = unlimited.");
  rf_depth.nullable = true;
  rows.push_back({"random_forest",
                  "Random forest",
                  F::kTree,
                  true,
                  false,
                  nullptr,
                  {Int("n_estimators", 10, 500, 100, "Number of trees."), rf_depth,
                   Int("min_samples_leaf", 1, 50, 2, "Minimum observations per leaf.")},
                  "Random forest over the feature frame."});
  rows.push_back({"xgboost", "XGBoost", F::kTree, true, true, nullptr, BoosterSchema(),
                  "XGBoost gradient-boosted trees over the feature frame."});
  rows.push_back({"lightgbm", "LightGBM", F::kTree, true, true, kNoLightGbm, BoosterSchema(),
                  "LightGBM gradient-boosted trees over the feature frame."});
  rows.push_back({"prophet_like",
                  "Prophet-like additive model",
                  F::kAdditive,
                  true,
                  false,
                  nullptr,
                  {Num("alpha", 0, 10000, 1.0, "Ridge penalty.")},
                  "Ridge regression over the feature frame with median imputation; exposes an "
                  "additive decomposition (trend, seasonality, holiday and price terms)."});
  AppendBeyondRows(rows);
  std::vector<ModelInfo> catalog;
  for (Row& row : rows) catalog.push_back(MakeEntry(std::move(row)));
  return catalog;
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
  static const std::vector<ModelInfo>* const catalog = new std::vector<ModelInfo>(BuildCatalog());
  return *catalog;
}

absl::StatusOr<const ModelInfo*> FindModel(std::string_view model_type) {
  for (const ModelInfo& info : ModelCatalog()) {
    if (info.model_type == model_type) return &info;
  }
  return absl::NotFoundError(absl::StrCat("unknown model_type '", std::string(model_type), "'"));
}

std::vector<std::string> DefaultCandidateModelTypes() {
  std::vector<std::string> types = {"naive", "seasonal_naive", "moving_average", "regression",
                                    "prophet_like"};
  // Both are validated against R's forecast package (tests/engine/models/
  // auto_ets_reference_test.cpp); they join the defaults wherever the build has them.
  for (const char* extra : {"auto_ets", "theta"}) {
    absl::StatusOr<const ModelInfo*> info = FindModel(extra);
    if (info.ok() && (*info)->available) types.push_back(extra);
  }
  return types;
}

std::vector<std::string> IntermittentDemandModelTypes() {
  std::vector<std::string> types;
  for (const char* type : {"croston"}) {
    absl::StatusOr<const ModelInfo*> info = FindModel(type);
    if (info.ok() && (*info)->available) types.push_back(type);
  }
  return types;
}

std::vector<std::string> RecommendedCandidateModelTypes(DemandPattern pattern) {
  std::vector<std::string> types = DefaultCandidateModelTypes();
  if (IsIntermittent(pattern)) {
    for (std::string& type : IntermittentDemandModelTypes()) types.push_back(std::move(type));
  }
  return types;
}

absl::StatusOr<Params> ValidateParams(std::string_view model_type, const Params& params) {
  absl::StatusOr<const ModelInfo*> info = FindModel(model_type);
  if (!info.ok()) return absl::InvalidArgumentError(std::string(info.status().message()));
  absl::StatusOr<Params> resolved =
      ResolveParams((*info)->model_type, (*info)->param_schema, params);
  if (!resolved.ok() || (*info)->model_type != "ensemble") return resolved;
  std::optional<std::vector<std::string>> members = GetOptionalStringList(*resolved, "members");
  if (!members) return resolved;
  std::set<std::string> distinct;
  for (const std::string& member : *members) {
    absl::StatusOr<const ModelInfo*> m = FindModel(member);
    if (!m.ok() || member == "ensemble") {
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
  absl::StatusOr<const ModelInfo*> info = FindModel(model_type);
  return info.ok() && (*info)->family == ModelFamily::kEnsemble ? 1 : 0;
}

}  // namespace champion::engine
