// CreateForecaster: the one place that maps a model_type to its implementation. The
// catalog's `available` flags must agree with this table (model_catalog_test checks it).

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/model.h"
#include "engine/models/auto_ets.h"
#include "engine/models/croston.h"
#include "engine/models/holt.h"
#include "engine/models/holt_winters.h"
#include "engine/models/moving_average.h"
#include "engine/models/naive.h"
#include "engine/models/prophet_like.h"
#include "engine/models/seasonal_average.h"
#include "engine/models/seasonal_naive.h"
#include "engine/models/ses.h"
#include "engine/models/theta.h"
#include "engine/models/tree_models.h"
#include "engine/models/trend_regression_baseline.h"
#include "engine/models/weighted_moving_average.h"

namespace champion::engine {

absl::StatusOr<std::unique_ptr<Forecaster>> CreateForecaster(std::string_view model_type,
                                                             const Params& p) {
  if (model_type == "naive") return std::make_unique<NaiveModel>();
  if (model_type == "seasonal_naive") {
    return std::make_unique<SeasonalNaiveModel>(GetInt(p, "season_length"));
  }
  if (model_type == "moving_average") {
    return std::make_unique<MovingAverageModel>(GetInt(p, "window_size"));
  }
  if (model_type == "weighted_moving_average") {
    return std::make_unique<WeightedMovingAverageModel>(WeightedMovingAverageModel::Options{
        .window_size = GetInt(p, "window_size"),
        .exponential = GetString(p, "weight_strategy") == "exponential",
        .decay = GetNumber(p, "decay")});
  }
  if (model_type == "seasonal_average") {
    return std::make_unique<SeasonalAverageModel>(
        SeasonalAverageModel::Options{.season_length = GetInt(p, "season_length"),
                                      .lookback_cycles = GetInt(p, "lookback_cycles"),
                                      .trim_outliers = GetBool(p, "trim_outliers")});
  }
  if (model_type == "ses") return std::make_unique<SesModel>();
  if (model_type == "holt") return std::make_unique<HoltModel>(GetBool(p, "damped"));
  if (model_type == "holt_winters") {
    return std::make_unique<HoltWintersModel>(
        HoltWintersModel::Options{.season_length = GetInt(p, "season_length"),
                                  .multiplicative = GetString(p, "seasonal") == "multiplicative",
                                  .damped = GetBool(p, "damped")});
  }
  if (model_type == "theta") return std::make_unique<ThetaModel>(GetInt(p, "season_length"));
  if (model_type == "auto_ets") {
    return std::make_unique<AutoEtsModel>(GetInt(p, "season_length"));
  }
  if (model_type == "croston") {
    const std::string& v = GetString(p, "variant");
    return std::make_unique<CrostonModel>(v == "classic" ? CrostonVariant::kClassic
                                          : v == "tsb"   ? CrostonVariant::kTsb
                                                         : CrostonVariant::kSba);
  }
  if (model_type == "trend_regression_baseline") {
    return std::make_unique<TrendRegressionBaselineModel>(
        TrendRegressionBaselineModel::Options{.alpha = GetNumber(p, "alpha"),
                                              .include_dow = GetBool(p, "include_dow"),
                                              .include_month = GetBool(p, "include_month")});
  }
  if (model_type == "prophet_like")
    return std::make_unique<ProphetLikeModel>(GetNumber(p, "alpha"));
  if (std::unique_ptr<Forecaster> tree = MakeTreeModel(model_type, p)) return tree;
  return absl::InvalidArgumentError(
      absl::StrCat(std::string(model_type), " has no forecaster in this build"));
}

}  // namespace champion::engine
