#pragma once

#include <vector>

#include "engine/models/model.h"

namespace champion::engine {

//! weighted_moving_average: flat weighted mean of the last W points (all when fewer);
//! linear weights 1..W newest heaviest, exponential decay^(W-1)..decay^0.
class WeightedMovingAverageModel final : public Forecaster {
 public:
  struct Options {
    int window_size = 7;
    bool exponential = false;
    double decay = 0.7;
  };
  explicit WeightedMovingAverageModel(const Options& options) : options_(options) {}
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;

 private:
  Options options_;
  double level_ = 0.0;
};

}  // namespace champion::engine
