#pragma once

#include <optional>
#include <span>
#include <vector>

#include "engine/kernels/arima.h"
#include "engine/models/model.h"

namespace champion::engine {

//! auto_arima: R forecast's auto.arima(y) with its defaults: seasonal differences by the
//! seasonal-strength test (kernels/seasonal_differencing.h), first differences by KPSS
//! (kernels/unit_root.h), then the Hyndman-Khandakar stepwise search over the orders by AICc
//! (kernels/arima_search.h), fitted by CSS-ML. A constant series forecasts its value. Needs
//! >= 3 points; seasonal terms need more than two full seasons.
class AutoArimaModel final : public Forecaster {
 public:
  explicit AutoArimaModel(int season_length) : season_length_(season_length) {}
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;
  //! Gaussian quantiles around the forecast with the model's standard errors (predict.Arima).
  absl::StatusOr<std::optional<ForecastQuantiles>> Quantiles(
      const ForecastInput& input, std::span<const double> levels,
      const CancelToken& cancel) const override;

  //! The chosen fit; nullopt for a constant series. Only after a successful Fit.
  const std::optional<arima::ArimaFit>& fit() const { return fit_; }

 private:
  int season_length_;
  std::optional<arima::ArimaFit> fit_;
  double constant_ = 0.0;  //!< The value of a constant series (fit_ empty).
};

}  // namespace champion::engine
