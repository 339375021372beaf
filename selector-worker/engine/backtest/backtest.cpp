#include "engine/backtest/backtest.h"

#include <algorithm>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/backtest/intervals.h"
#include "engine/models/model.h"
#include "engine/models/model_catalog.h"
#include "engine/series/features.h"

namespace champion::engine {
namespace {

constexpr int kFeatureAwareMinTrain = 30;

// Fits and forecasts one fold. `previous` is the previous fold's fitted model when this fold's
// training rows extend that fold's (the same first row), else null; the new model continues
// from it. `model` is left holding this fold's fitted model.
absl::StatusOr<FoldResult> RunFold(const Series& s, const Fold& fold, const ModelInfo& info,
                                   const Params& params, const Forecaster* previous,
                                   std::unique_ptr<Forecaster>& model, const CancelToken& cancel) {
  ASSIGN_OR_RETURN(model, CreateForecaster(info.model_type, params));
  if (previous != nullptr) model->ContinueFrom(*previous);
  const std::span<const double> y(s.values);
  const std::span<const absl::CivilDay> dates(s.dates);
  const int train_len = fold.train_end - fold.train_begin;
  const int steps = fold.test_end - fold.train_end;  // gap + horizon
  FeatureFrame train_frame;
  FeatureFrame ahead_frame;
  FitInput fit{.y = y.subspan(fold.train_begin, train_len),
               .dates = dates.subspan(fold.train_begin, train_len)};
  ForecastInput ahead{.dates = dates.subspan(fold.train_end, steps)};
  if (info.feature_aware) {
    train_frame = BuildFeatureFrame(s, fold.train_begin, fold.train_end, fold.train_end);
    ahead_frame = BuildFeatureFrame(s, fold.train_end, fold.test_end, fold.train_end);
    fit.features = &train_frame;
    ahead.features = &ahead_frame;
  }
  RETURN_IF_ERROR(model->Fit(fit, cancel));
  ASSIGN_OR_RETURN(std::vector<double> forecast, model->Forecast(ahead, cancel));
  if (forecast.size() != static_cast<std::size_t>(steps)) {
    return absl::InternalError(absl::StrCat(info.model_type, " returned ", forecast.size(),
                                            " forecasts for ", steps, " steps"));
  }
  FoldResult r;
  r.fold = fold;
  const int gap = fold.test_begin - fold.train_end;
  r.predictions.assign(forecast.begin() + gap, forecast.end());
  r.train_from = s.dates[fold.train_begin];
  r.train_to = s.dates[fold.train_end - 1];
  r.dates.assign(s.dates.begin() + fold.test_begin, s.dates.begin() + fold.test_end);
  r.actuals.assign(s.values.begin() + fold.test_begin, s.values.begin() + fold.test_end);
  ASSIGN_OR_RETURN(std::optional<ForecastQuantiles> interval,
                   model->Quantiles(ahead, kIntervalLevels, cancel));
  if (interval) {
    if (interval->values.size() != 2 || interval->values[0].size() != forecast.size() ||
        interval->values[1].size() != forecast.size()) {
      return absl::InternalError(
          absl::StrCat(info.model_type, " returned quantiles of the wrong shape"));
    }
    r.lower.assign(interval->values[0].begin() + gap, interval->values[0].end());
    r.upper.assign(interval->values[1].begin() + gap, interval->values[1].end());
  }
  ASSIGN_OR_RETURN(r.metrics,
                   ComputeFoldMetrics(r.actuals, r.predictions, fit.y, r.lower, r.upper));
  return r;
}

}  // namespace

absl::StatusOr<BacktestResult> RunBacktest(const Series& series, std::string_view model_type,
                                           const Params& params, const BacktestOptions& options,
                                           const CancelToken& cancel) {
  ASSIGN_OR_RETURN(Params resolved, ValidateParams(model_type, params));
  RETURN_IF_ERROR(CheckAvailable(model_type));
  ASSIGN_OR_RETURN(const ModelInfo* info, FindModel(model_type));
  if (info->family == ModelFamily::kEnsemble) {
    return absl::InvalidArgumentError(
        "ensemble combines the other candidates' fold forecasts; it has no backtest of its own");
  }
  if (info->feature_aware && options.split.min_train_size < kFeatureAwareMinTrain) {
    return absl::InvalidArgumentError(absl::StrCat(
        info->model_type, " is feature-aware and needs min_train_size >= ", kFeatureAwareMinTrain,
        ", got ", options.split.min_train_size));
  }
  ASSIGN_OR_RETURN(std::vector<Fold> folds, MakeFolds(series.size(), options.split));
  BacktestResult result;
  result.model_type = info->model_type;
  result.params = resolved;
  std::unique_ptr<Forecaster> previous;
  for (const Fold& fold : folds) {
    RETURN_IF_ERROR(CheckCancelled(cancel));
    // Expanding windows extend the previous fold's training rows; sliding ones move on.
    const bool extends =
        !result.folds.empty() && result.folds.back().fold.train_begin == fold.train_begin;
    std::unique_ptr<Forecaster> model;
    ASSIGN_OR_RETURN(FoldResult r, RunFold(series, fold, *info, resolved,
                                           extends ? previous.get() : nullptr, model, cancel));
    previous = std::move(model);
    result.folds.push_back(std::move(r));
    if (options.on_fold_done) {
      options.on_fold_done(static_cast<int>(result.folds.size()), static_cast<int>(folds.size()));
    }
  }
  RETURN_IF_ERROR(AddConformalIntervals(result, series.values));
  return result;
}

AggregateMetrics AggregateFolds(std::span<const FoldResult> folds) {
  std::vector<FoldMetrics> metrics;
  std::vector<FoldPoints> points;
  for (const FoldResult& f : folds) {
    metrics.push_back(f.metrics);
    points.push_back(
        {.actual = f.actuals, .forecast = f.predictions, .lower = f.lower, .upper = f.upper});
  }
  return Aggregate(metrics, points);
}

absl::Status AddConformalIntervals(BacktestResult& result, std::span<const double> series_values) {
  std::vector<FoldResult>& folds = result.folds;
  const bool all_from_model =
      std::all_of(folds.begin(), folds.end(), [](const FoldResult& f) { return !f.lower.empty(); });
  if (!all_from_model) {
    for (std::size_t k = 0; k < folds.size(); ++k) {
      std::vector<FoldResult> others;
      for (std::size_t i = 0; i < folds.size(); ++i) {
        if (i != k) others.push_back(folds[i]);
      }
      folds[k].lower.clear();
      folds[k].upper.clear();
      absl::StatusOr<ForecastQuantiles> q =
          ConformalQuantiles(others, folds[k].predictions, kIntervalLevels);
      if (!q.ok()) continue;  // No other fold with finite errors: no interval.
      folds[k].lower = std::move(q->values[0]);
      folds[k].upper = std::move(q->values[1]);
    }
  }
  for (FoldResult& f : folds) {
    if (f.fold.train_end > static_cast<int>(series_values.size())) {
      return absl::InvalidArgumentError("the folds lie outside the series");
    }
    const auto train =
        series_values.subspan(f.fold.train_begin, f.fold.train_end - f.fold.train_begin);
    ASSIGN_OR_RETURN(f.metrics,
                     ComputeFoldMetrics(f.actuals, f.predictions, train, f.lower, f.upper));
  }
  result.metrics = AggregateFolds(folds);
  return absl::OkStatus();
}

std::vector<double> PooledErrors(const BacktestResult& result) {
  std::vector<double> errors;
  for (const FoldResult& f : result.folds) {
    for (std::size_t i = 0; i < f.actuals.size(); ++i) {
      errors.push_back(f.actuals[i] - f.predictions[i]);
    }
  }
  return errors;
}

}  // namespace champion::engine
