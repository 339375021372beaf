#include "engine/models/model_catalog.h"

#include <catch2/catch.hpp>
#include <set>

namespace champion::engine {
namespace {

const ModelInfo& Info(const std::string& type) {
  absl::StatusOr<const ModelInfo*> info = FindModel(type);
  REQUIRE(info.ok());
  return **info;
}

TEST_CASE("Catalog lists every model type once", "[engine][catalog]") {
  const std::vector<std::string> expected = {"naive",
                                             "seasonal_naive",
                                             "moving_average",
                                             "weighted_moving_average",
                                             "seasonal_average",
                                             "trend_regression_baseline",
                                             "regression",
                                             "random_forest",
                                             "xgboost",
                                             "lightgbm",
                                             "prophet_like",
                                             "ses",
                                             "holt",
                                             "holt_winters",
                                             "auto_ets",
                                             "auto_arima",
                                             "mstl",
                                             "theta",
                                             "croston",
                                             "adida",
                                             "imapa",
                                             "ensemble"};
  std::vector<std::string> got;
  for (const ModelInfo& info : ModelCatalog()) got.push_back(info.model_type);
  CHECK(got == expected);
}

TEST_CASE("Catalog entries are consistent", "[engine][catalog]") {
  for (const ModelInfo& info : ModelCatalog()) {
    INFO(info.model_type);
    CHECK_FALSE(info.label.empty());
    CHECK_FALSE(info.description.empty());
    CHECK(info.supports_auto_predict == !info.feature_aware);
    CHECK(info.available == info.unavailable_reason.empty());
    CHECK(info.default_params.size() == info.param_schema.size());
    // Defaults validate against their own schema.
    absl::StatusOr<Params> resolved = ValidateParams(info.model_type, {});
    REQUIRE(resolved.ok());
    CHECK(*resolved == info.default_params);
  }
}

TEST_CASE("Catalog keeps the reference defaults and bounds", "[engine][catalog]") {
  CHECK(GetInt(Info("seasonal_naive").default_params, "season_length") == 7);
  CHECK(GetInt(Info("moving_average").default_params, "window_size") == 7);
  CHECK(GetString(Info("weighted_moving_average").default_params, "weight_strategy") == "linear");
  CHECK(GetNumber(Info("weighted_moving_average").default_params, "decay") == 0.7);
  CHECK(GetInt(Info("seasonal_average").default_params, "lookback_cycles") == 4);
  CHECK(GetInt(Info("regression").default_params, "max_iter") == 200);
  CHECK(GetNumber(Info("regression").default_params, "learning_rate") == 0.05);
  CHECK(GetOptionalNumber(Info("random_forest").default_params, "max_depth") == 10.0);
  CHECK(GetNumber(Info("xgboost").default_params, "learning_rate") == 0.1);
  CHECK(GetNumber(Info("prophet_like").default_params, "alpha") == 1.0);
  CHECK(GetString(Info("croston").default_params, "variant") == "sba");
  CHECK(GetString(Info("ensemble").default_params, "combine") == "median");
  CHECK(Info("regression").feature_aware);
  CHECK_FALSE(Info("regression").supports_auto_predict);
  CHECK(Info("xgboost").requires_extra);
  CHECK(ModelFamilyName(Info("prophet_like").family) == std::string("additive"));
  CHECK(ModelFamilyName(Info("random_forest").family) == std::string("tree"));
}

TEST_CASE("LightGBM is not available", "[engine][catalog]") {
  const ModelInfo& info = Info("lightgbm");
  CHECK_FALSE(info.available);
  CHECK(info.unavailable_reason == "LightGBM is not available in this build");
  absl::Status s = CheckAvailable("lightgbm");
  CHECK(s.code() == absl::StatusCode::kUnimplemented);
  CHECK(s.message() == "lightgbm: LightGBM is not available in this build");
}

TEST_CASE("ValidateParams rejects bad candidates", "[engine][catalog]") {
  CHECK(ValidateParams("arima", {}).status().message() == "unknown model_type 'arima'");
  CHECK(FindModel("arima").status().code() == absl::StatusCode::kNotFound);
  CHECK(ValidateParams("moving_average", {{"window_size", 0.0}}).status().message() ==
        "moving_average: param 'window_size' must be in [1, 90], got 0");
  CHECK(ValidateParams("seasonal_naive", {{"season_length", 7.5}}).status().message() ==
        "seasonal_naive: param 'season_length' must be an integer, got 7.5");
  CHECK(ValidateParams("naive", {{"window_size", 3.0}}).status().message() ==
        "naive: unknown param 'window_size' (this model takes no params)");
  CHECK(ValidateParams("random_forest", {{"max_depth", std::monostate{}}}).ok());
  CHECK_FALSE(ValidateParams("xgboost", {{"max_depth", std::monostate{}}}).ok());
}

TEST_CASE("ValidateParams checks ensemble members", "[engine][catalog]") {
  using Names = std::vector<std::string>;
  CHECK(ValidateParams("ensemble", {{"members", Names{"naive", "ses"}}}).ok());
  CHECK(ValidateParams("ensemble", {{"members", Names{"naive", "nope"}}}).status().message() ==
        "ensemble: param 'members' names 'nope', which is not a model type that can be "
        "combined");
  CHECK_FALSE(ValidateParams("ensemble", {{"members", Names{"naive", "ensemble"}}}).ok());
  CHECK(ValidateParams("ensemble", {{"members", Names{"naive", "naive"}}}).status().message() ==
        "ensemble: param 'members' must name at least 2 distinct model types");
  CHECK_FALSE(ValidateParams("ensemble", {{"members", std::string("naive")}}).ok());
}

TEST_CASE("Default candidates start with the reference five", "[engine][catalog]") {
  std::vector<std::string> types = DefaultCandidateModelTypes();
  REQUIRE(types.size() >= 5);
  CHECK(std::vector<std::string>(types.begin(), types.begin() + 5) ==
        std::vector<std::string>{"naive", "seasonal_naive", "moving_average", "regression",
                                 "prophet_like"});
  for (std::size_t i = 5; i < types.size(); ++i) CHECK(Info(types[i]).available);
}

TEST_CASE("Intermittent and lumpy pairs get the intermittent family in place of auto_arima",
          "[engine][catalog]") {
  const std::vector<std::string> defaults = DefaultCandidateModelTypes();
  CHECK(IntermittentDemandModelTypes() == std::vector<std::string>{"croston", "adida", "imapa"});
  for (DemandPattern p :
       {DemandPattern::kSmooth, DemandPattern::kErratic, DemandPattern::kNoDemand}) {
    CHECK(RecommendedCandidateModelTypes(p) == defaults);
  }
  std::vector<std::string> sparse = defaults;
  REQUIRE(std::erase(sparse, "auto_arima") == 1);  // ARIMA assumes demand on most days.
  sparse.insert(sparse.end(), {"croston", "adida", "imapa"});
  CHECK(RecommendedCandidateModelTypes(DemandPattern::kIntermittent) == sparse);
  CHECK(RecommendedCandidateModelTypes(DemandPattern::kLumpy) == sparse);
}

}  // namespace
}  // namespace champion::engine
