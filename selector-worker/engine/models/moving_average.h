#pragma once

#include <vector>

#include "engine/models/model.h"

namespace champion::engine {

//! moving_average: flat mean of the last window_size points (all points when fewer).
class MovingAverageModel final : public Forecaster {
 public:
  explicit MovingAverageModel(int window_size) : window_size_(window_size) {}
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;

 private:
  int window_size_;
  double level_ = 0.0;
};

}  // namespace champion::engine
