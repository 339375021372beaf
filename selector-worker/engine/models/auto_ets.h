#pragma once

#include <optional>
#include <vector>

#include "engine/kernels/ets_fit.h"
#include "engine/models/model.h"

namespace champion::engine {

//! auto_ets: the state-space ETS family (error A/M, trend N/A/Ad, season N/A/M) selected by
//! AICc with maximum-likelihood parameters, as R's forecast::ets(y) with its defaults (see
//! ets_select.h for the forms tried). Seasonal forms need two full seasons and
//! season_length <= 24; multiplicative forms need strictly positive data. Needs >= 5 points.
class AutoEtsModel final : public Forecaster {
 public:
  explicit AutoEtsModel(int season_length) : season_length_(season_length) {}
  //! Starts each form's search also from the previous fold's optimum of that form.
  void ContinueFrom(const Forecaster& previous_fold) override;
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;
  //! The selected form's quantiles as R's forecast.ets (kernels/ets_intervals.h).
  absl::StatusOr<std::optional<ForecastQuantiles>> Quantiles(
      const ForecastInput& input, std::span<const double> levels,
      const CancelToken& cancel) const override;

  //! The selected fit; only after a successful Fit.
  const ets::FittedForm& selected() const { return *fit_; }

 private:
  int season_length_;
  std::optional<ets::FittedForm> fit_;
  std::vector<ets::FittedForm> fits_;         //!< Every form fitted by Fit.
  std::vector<ets::FittedForm> warm_starts_;  //!< From ContinueFrom.
};

}  // namespace champion::engine
