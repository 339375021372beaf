#pragma once

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "engine/models/model.h"

namespace champion::engine {

//! What forecasts the seasonally adjusted series in mstl (R's stlf `method`).
enum class AdjustedMethod {
  kEts,    //!< R's ets(model = "ZZN"): a non-seasonal ETS form chosen by AICc.
  kArima,  //!< R's auto.arima(seasonal = FALSE): a non-seasonal ARIMA chosen by AICc.
};

//! mstl: R forecast's stlf(y, method = "ets" or "arima") on an msts with several seasonal
//! periods (weekly and yearly for daily demand). The series is decomposed with MSTL
//! (kernels/mstl.h, R's defaults); the seasonally adjusted series is forecast by a
//! non-seasonal auto_ets (AutoEtsModel with period 1) or auto_arima (AutoArimaModel with
//! period 1), and each seasonal component's last cycle is repeated and added (its seasonal
//! naive forecast). Periods of <= 1 or without two full cycles in the training data
//! (n <= 2 period) are dropped as mstl drops them; when none is left, the model is fitted to
//! the data itself (R's seasonally adjusted series is then the data). Needs >= 5 points.
class MstlModel final : public Forecaster {
 public:
  //! `season_lengths`: the seasonal periods asked for (0 or 1 = none).
  explicit MstlModel(std::vector<int> season_lengths, AdjustedMethod method = AdjustedMethod::kEts);
  //! Hands the previous fold's adjusted-series model to this fold's as its starting point
  //! (auto_ets starts each form's search also from the previous optimum). The previous
  //! fold's adjusted series is close to this one's first part, not equal to it (the
  //! decomposition moves a little as data is added): its fit is only a starting point.
  void ContinueFrom(const Forecaster& previous_fold) override;
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;
  //! As R's forecast.stl: the adjusted-series model's quantiles (ETS: kernels/ets_intervals.h;
  //! ARIMA: predict.Arima's) shifted by the seasonal naive forecast, floored at 0.
  absl::StatusOr<std::optional<ForecastQuantiles>> Quantiles(
      const ForecastInput& input, std::span<const double> levels,
      const CancelToken& cancel) const override;

  //! The periods the decomposition kept (increasing); only after a successful Fit.
  const std::vector<int>& periods() const { return periods_; }
  //! The model of the seasonally adjusted series (an AutoEtsModel or AutoArimaModel); fitted
  //! only after a successful Fit.
  const Forecaster& adjusted_model() const { return *adjusted_; }

 private:
  //! Sum over the kept periods of the seasonal naive forecast, steps 1..steps.
  std::vector<double> SeasonalNaive(int steps) const;

  std::vector<int> season_lengths_;
  std::unique_ptr<Forecaster> adjusted_;
  std::vector<int> periods_;
  std::vector<std::vector<double>> last_cycles_;  //!< Per kept period, its last cycle.
};

}  // namespace champion::engine
