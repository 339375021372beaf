#pragma once

#include <optional>
#include <span>
#include <vector>

#include "engine/kernels/ets_fit.h"
#include "engine/models/model.h"

namespace champion::engine {

//! mstl: R forecast's stlf(y, method = "ets") on an msts with several seasonal periods
//! (weekly and yearly for daily demand). The series is decomposed with MSTL (kernels/mstl.h,
//! R's defaults); a non-seasonal ETS form chosen by AICc (ets::SelectForm with period 1, R's
//! ets(model = "ZZN")) is fitted to the seasonally adjusted series and forecast, and each
//! seasonal component's last cycle is repeated and added (its seasonal naive forecast).
//! Periods of <= 1 or without two full cycles in the training data (n <= 2 period) are
//! dropped as mstl drops them; when none is left, the ETS form is fitted to the data itself
//! (R's seasonally adjusted series is then the data). Needs >= 5 points.
class MstlModel final : public Forecaster {
 public:
  //! `season_lengths`: the seasonal periods asked for (0 or 1 = none).
  explicit MstlModel(std::vector<int> season_lengths)
      : season_lengths_(std::move(season_lengths)) {}
  //! Starts each ETS form's search also from the previous fold's optimum of that form. The
  //! previous fold's adjusted series is close to this one's first part, not equal to it (the
  //! decomposition moves a little as data is added): its optimum is only a starting point.
  void ContinueFrom(const Forecaster& previous_fold) override;
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;
  //! As R's forecast.stl: the ETS quantiles of the seasonally adjusted series
  //! (kernels/ets_intervals.h) shifted by the seasonal naive forecast, floored at 0.
  absl::StatusOr<std::optional<ForecastQuantiles>> Quantiles(
      const ForecastInput& input, std::span<const double> levels,
      const CancelToken& cancel) const override;

  //! The periods the decomposition kept (increasing); only after a successful Fit.
  const std::vector<int>& periods() const { return periods_; }
  //! The ETS fit to the seasonally adjusted series; only after a successful Fit.
  const ets::FittedForm& adjusted_fit() const { return *fit_; }

 private:
  //! Sum over the kept periods of the seasonal naive forecast, steps 1..steps.
  std::vector<double> SeasonalNaive(int steps) const;

  std::vector<int> season_lengths_;
  std::vector<int> periods_;
  std::vector<std::vector<double>> last_cycles_;  //!< Per kept period, its last cycle.
  std::optional<ets::FittedForm> fit_;
  std::vector<ets::FittedForm> fits_;         //!< Every form fitted by Fit.
  std::vector<ets::FittedForm> warm_starts_;  //!< From ContinueFrom.
};

}  // namespace champion::engine
