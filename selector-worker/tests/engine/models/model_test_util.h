#pragma once

// Fit-and-forecast helper for model tests.

#include <catch2/catch.hpp>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/models/model.h"
#include "engine/models/model_catalog.h"

namespace champion::engine::testing {

//! Dates for `n` consecutive days from 2024-01-01 (a Monday).
inline std::vector<absl::CivilDay> Days(int n, int offset = 0) {
  std::vector<absl::CivilDay> d;
  for (int i = 0; i < n; ++i) d.push_back(absl::CivilDay(2024, 1, 1) + offset + i);
  return d;
}

//! Fits `model_type` with `params` (validated) on y and forecasts `steps` ahead.
//! `model_type` with `params` fitted on y (days 0..n-1); the forecast starts the day after.
inline absl::StatusOr<std::unique_ptr<Forecaster>> FitModel(const std::string& model_type,
                                                            const Params& params,
                                                            const std::vector<double>& y) {
  absl::StatusOr<Params> resolved = ValidateParams(model_type, params);
  if (!resolved.ok()) return resolved.status();
  absl::StatusOr<std::unique_ptr<Forecaster>> model = CreateForecaster(model_type, *resolved);
  if (!model.ok()) return model.status();
  const std::vector<absl::CivilDay> train_days = Days(static_cast<int>(y.size()));
  absl::Status fit = (*model)->Fit({.y = y, .dates = train_days}, NeverCancelled());
  if (!fit.ok()) return fit;
  return model;
}

inline absl::StatusOr<std::vector<double>> FitForecast(const std::string& model_type,
                                                       const Params& params,
                                                       const std::vector<double>& y, int steps) {
  absl::StatusOr<std::unique_ptr<Forecaster>> model = FitModel(model_type, params, y);
  if (!model.ok()) return model.status();
  const std::vector<absl::CivilDay> ahead_days = Days(steps, static_cast<int>(y.size()));
  return (*model)->Forecast({.dates = ahead_days}, NeverCancelled());
}

//! The model's own quantiles at `levels` after fitting y, for `steps` days; nullopt when the
//! model defines none.
inline absl::StatusOr<std::optional<ForecastQuantiles>> FitQuantiles(
    const std::string& model_type, const Params& params, const std::vector<double>& y, int steps,
    std::span<const double> levels) {
  absl::StatusOr<std::unique_ptr<Forecaster>> model = FitModel(model_type, params, y);
  if (!model.ok()) return model.status();
  const std::vector<absl::CivilDay> ahead_days = Days(steps, static_cast<int>(y.size()));
  return (*model)->Quantiles({.dates = ahead_days}, levels, NeverCancelled());
}

}  // namespace champion::engine::testing
