#pragma once

// The one small interface every model implements (engine/models/*).

#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "engine/cancel_token.h"
#include "engine/models/params.h"
#include "engine/models/quantiles.h"
#include "engine/series/features.h"

namespace champion::engine {

//! The training rows of one fold. Spans are borrowed for the duration of Fit only.
struct FitInput {
  std::span<const double> y;               //!< Oldest first; finite, >= 0.
  std::span<const absl::CivilDay> dates;   //!< Same length as y, increasing.
  const FeatureFrame* features = nullptr;  //!< Feature-aware models: rows aligned with y.
};

//! What to forecast: one step per date (the rows right after the training rows).
struct ForecastInput {
  std::span<const absl::CivilDay> dates;
  const FeatureFrame* features = nullptr;  //!< Feature-aware models: rows aligned with dates.
};

//! A model holds only its fitted state. Fit then Forecast, on one thread; a new object per
//! fold. Both check the token at least once per optimiser iteration / boosting round and
//! return Cancelled promptly. Errors: InvalidArgument / FailedPrecondition with a message
//! naming the model when the data does not suit it (e.g. too few points for a season).
class Forecaster {
 public:
  virtual ~Forecaster() = default;
  //! Called by the backtest on a fold's fresh model, before Fit, with the previous fold's
  //! fitted model (same type and params) when this fold's training rows extend that fold's
  //! (expanding windows: same first row, more days). A model whose optimiser needs starting
  //! points may take them from it; its fitted state must stay a deterministic function of the
  //! series and split. Default: ignored.
  virtual void ContinueFrom(const Forecaster& previous_fold) { (void)previous_fold; }
  virtual absl::Status Fit(const FitInput& input, const CancelToken& cancel) = 0;
  //! One value per input.dates entry. Called only after a successful Fit.
  virtual absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                                       const CancelToken& cancel) const = 0;
  //! The model's own predictive quantiles at `levels` (increasing, in (0, 1)) for the same
  //! dates as Forecast, where the model defines a predictive distribution (ETS as R's
  //! forecast.ets, theta as R's thetaf). nullopt, the default, when it defines none: callers
  //! then read quantiles from the backtest's errors (backtest/intervals.h). Called only after
  //! a successful Fit.
  virtual absl::StatusOr<std::optional<ForecastQuantiles>> Quantiles(
      const ForecastInput& input, std::span<const double> levels, const CancelToken& cancel) const {
    (void)input;
    (void)levels;
    (void)cancel;
    return std::nullopt;
  }
};

//! A fresh, unfitted model. `params` must be resolved (ValidateParams). InvalidArgument for
//! a type without an implementation in this build (ensemble is not a Forecaster: see
//! ensemble.h).
absl::StatusOr<std::unique_ptr<Forecaster>> CreateForecaster(std::string_view model_type,
                                                             const Params& params);

}  // namespace champion::engine
