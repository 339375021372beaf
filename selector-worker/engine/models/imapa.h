#pragma once

#include <vector>

#include "engine/models/model.h"

namespace champion::engine {

//! imapa: intermittent multiple aggregation prediction algorithm (Petropoulos & Kourentzes
//! 2015). adida at every bucket size from 1 day to the rounded mean interval between
//! demands, the per-day forecasts averaged. Flat forecast; 0 when the history holds no
//! demand. Needs >= 1 point.
class ImapaModel final : public Forecaster {
 public:
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;

 private:
  double level_ = 0.0;
};

}  // namespace champion::engine
