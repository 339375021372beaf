#pragma once

#include <optional>
#include <vector>

#include "engine/kernels/exponential_smoothing.h"
#include "engine/models/model.h"

namespace champion::engine {

//! theta: the standard Theta method as R forecast::thetaf computes it: SES plus a drift of
//! half the regression slope, on data seasonally adjusted (classical multiplicative
//! decomposition) when a 90% autocorrelation test at lag m says so. Needs >= 2 points.
class ThetaModel final : public Forecaster {
 public:
  explicit ThetaModel(int season_length) : season_length_(season_length) {}
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;
  //! Gaussian quantiles as R's thetaf: SES variance grown by alpha^2 per step, re-seasoned.
  absl::StatusOr<std::optional<ForecastQuantiles>> Quantiles(
      const ForecastInput& input, std::span<const double> levels,
      const CancelToken& cancel) const override;

 private:
  //! The forecast before re-seasoning: SES plus the drift.
  std::vector<double> SeasonallyAdjustedForecast(int steps) const;
  //! Multiplies step h by its seasonal index (nothing without seasonal adjustment).
  void Reseason(std::vector<double>& values) const;

  int season_length_;
  std::optional<EtsFit> fit_;
  double half_slope_ = 0.0;
  int n_ = 0;
  std::vector<double>
      season_;  // Multiplicative indices for the steps after the data; empty = none.
};

}  // namespace champion::engine
