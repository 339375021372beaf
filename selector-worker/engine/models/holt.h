#pragma once

#include <optional>
#include <vector>

#include "engine/kernels/ets_fit.h"
#include "engine/kernels/exponential_smoothing.h"
#include "engine/models/model.h"

namespace champion::engine {

//! holt: additive trend, optionally damped, fitted as R's holt() does with its default
//! "optimal" initial states: the state-space form ETS(A,A,N) / ETS(A,Ad,N) by maximum
//! likelihood (ets_fit.h; phi in [0.8, 0.98]). Series shorter than that form needs
//! (ets::MinimumLength) fall back to a least-squares fit of the same recursion, so the model
//! still answers from 2 points on.
class HoltModel final : public Forecaster {
 public:
  explicit HoltModel(bool damped) : damped_(damped) {}
  //! Starts the search also from the previous fold's optimum.
  void ContinueFrom(const Forecaster& previous_fold) override;
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;
  //! Quantiles as R's forecast.ets for the likelihood fit; none for the short-series fit.
  absl::StatusOr<std::optional<ForecastQuantiles>> Quantiles(
      const ForecastInput& input, std::span<const double> levels,
      const CancelToken& cancel) const override;

 private:
  ets::Form Form() const;

  bool damped_;
  std::optional<ets::FittedForm> fit_;  //!< The likelihood fit, or
  std::optional<EtsFit> short_fit_;     //!< the least-squares one on a short series.
  std::vector<double> warm_start_;      //!< From ContinueFrom.
};

}  // namespace champion::engine
