#include "runs/final_model.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/backtest/intervals.h"
#include "engine/models/model.h"
#include "engine/models/model_catalog.h"
#include "engine/selection/ensemble.h"
#include "engine/series/features.h"

namespace champion::runs {
namespace {

// The series followed by `horizon` future days (no sales, price, promotion or holiday known).
engine::Series ExtendSeries(const engine::Series& series, int horizon) {
  engine::Series out = series;
  absl::CivilDay day = series.dates.back();
  for (int i = 0; i < horizon; ++i) {
    ++day;
    out.dates.push_back(day);
    out.values.push_back(0.0);
    out.unit_prices.push_back(std::nullopt);
    out.promo_active.push_back(false);
    out.is_holiday.push_back(false);
    out.imputed.push_back(true);
  }
  return out;
}

}  // namespace

absl::StatusOr<FinalModel> FitFinalModel(const engine::Series& series,
                                         const engine::RankingEntry& winner, int forecast_horizon,
                                         const engine::CancelToken& cancel,
                                         std::span<const double> levels) {
  ASSIGN_OR_RETURN(const engine::ModelInfo* info, engine::FindModel(winner.model_type));
  if (info->family == engine::ModelFamily::kEnsemble) {
    return absl::FailedPreconditionError("an ensemble winner has no single model to refit");
  }
  if (series.size() == 0) return absl::FailedPreconditionError("empty series");
  ASSIGN_OR_RETURN(engine::Params params, engine::ValidateParams(winner.model_type, winner.params));
  ASSIGN_OR_RETURN(std::unique_ptr<engine::Forecaster> model,
                   engine::CreateForecaster(winner.model_type, params));
  const int n = series.size();
  engine::FeatureFrame train_frame;
  engine::FitInput fit{.y = series.values, .dates = series.dates};
  if (info->feature_aware) {
    train_frame = engine::BuildFeatureFrame(series, 0, n, n);
    fit.features = &train_frame;
  }
  RETURN_IF_ERROR(model->Fit(fit, cancel));
  FinalModel out;
  out.model_type = winner.model_type;
  out.params = params;
  out.trained_from = series.dates.front();
  out.trained_to = series.dates.back();
  out.n_observations = n;
  if (forecast_horizon <= 0) return out;
  const engine::Series extended = ExtendSeries(series, forecast_horizon);
  const std::span<const absl::CivilDay> future(extended.dates.data() + n,
                                               static_cast<std::size_t>(forecast_horizon));
  engine::FeatureFrame ahead_frame;
  engine::ForecastInput ahead{.dates = future};
  if (info->feature_aware) {
    ahead_frame = engine::BuildFeatureFrame(extended, n, n + forecast_horizon, n);
    ahead.features = &ahead_frame;
  }
  ASSIGN_OR_RETURN(out.forecast_values, model->Forecast(ahead, cancel));
  out.forecast_dates.assign(future.begin(), future.end());
  if (levels.empty()) return out;
  ASSIGN_OR_RETURN(std::optional<engine::ForecastQuantiles> quantiles,
                   model->Quantiles(ahead, levels, cancel));
  if (quantiles) {
    out.quantile_levels = std::move(quantiles->levels);
    out.forecast_quantiles = std::move(quantiles->values);
    out.interval_method = "model";
  }
  return out;
}

namespace {

// The ensemble winner's members (as its backtest combined them) refit and combined.
absl::StatusOr<FinalModel> FitEnsemble(const engine::Series& series,
                                       const engine::RankingEntry& winner,
                                       const engine::BacktestResult& backtest,
                                       std::span<const engine::CandidateBacktest> candidates,
                                       int forecast_horizon, const engine::CancelToken& cancel) {
  ASSIGN_OR_RETURN(const engine::EnsembleParams ensemble,
                   engine::ParseEnsembleParams(backtest.params));
  if (!ensemble.members || ensemble.members->empty()) {
    return absl::InvalidArgumentError("the ensemble's backtest names no members");
  }
  std::vector<std::vector<double>> forecasts;
  FinalModel out;
  for (const std::string& member : *ensemble.members) {
    const auto it = std::find_if(candidates.begin(), candidates.end(), [&](const auto& c) {
      return c.model_type == member && c.result.ok();
    });
    if (it == candidates.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("ensemble member ", member, " is not among the run's candidates"));
    }
    engine::RankingEntry entry;
    entry.model_type = it->model_type;
    entry.params = it->params;
    ASSIGN_OR_RETURN(FinalModel fitted, FitFinalModel(series, entry, forecast_horizon, cancel));
    forecasts.push_back(std::move(fitted.forecast_values));
    out = std::move(fitted);  // the window and the dates are the same for every member
  }
  out.model_type = winner.model_type;
  out.params = backtest.params;
  out.forecast_values.clear();
  std::vector<double> day(forecasts.size());
  for (int h = 0; h < forecast_horizon; ++h) {
    for (std::size_t m = 0; m < forecasts.size(); ++m) day[m] = forecasts[m][h];
    out.forecast_values.push_back(engine::CombineValues(day, ensemble.combine));
  }
  return out;
}

}  // namespace

absl::StatusOr<FinalModel> FitChampion(const engine::Series& series,
                                       const engine::RankingEntry& winner,
                                       const engine::BacktestResult& backtest,
                                       std::span<const engine::CandidateBacktest> candidates,
                                       int forecast_horizon, std::span<const double> levels,
                                       const engine::CancelToken& cancel) {
  if (forecast_horizon < 1) return absl::InvalidArgumentError("forecast horizon must be >= 1");
  ASSIGN_OR_RETURN(const engine::ModelInfo* info, engine::FindModel(winner.model_type));
  ASSIGN_OR_RETURN(FinalModel out,
                   info->family == engine::ModelFamily::kEnsemble
                       ? FitEnsemble(series, winner, backtest, candidates, forecast_horizon, cancel)
                       : FitFinalModel(series, winner, forecast_horizon, cancel, levels));
  if (!out.forecast_quantiles.empty()) return out;
  ASSIGN_OR_RETURN(engine::ForecastQuantiles quantiles,
                   engine::ConformalQuantiles(backtest, out.forecast_values, levels));
  out.quantile_levels = std::move(quantiles.levels);
  out.forecast_quantiles = std::move(quantiles.values);
  out.interval_method = "conformal";
  return out;
}

}  // namespace champion::runs
