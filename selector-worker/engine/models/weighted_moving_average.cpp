#include "engine/models/weighted_moving_average.h"

#include <algorithm>
#include <cmath>

#include "engine/models/model_util.h"

namespace champion::engine {

absl::Status WeightedMovingAverageModel::Fit(const FitInput& input, const CancelToken& /*cancel*/) {
  if (absl::Status s = NeedPoints("weighted_moving_average", input.y.size(), 1); !s.ok()) {
    return s;
  }
  const std::size_t w = std::min(input.y.size(), static_cast<std::size_t>(options_.window_size));
  const std::size_t first = input.y.size() - w;
  double sum = 0.0;
  double weights = 0.0;
  for (std::size_t k = 0; k < w; ++k) {  // k = 0 is the oldest point of the window.
    const double weight = options_.exponential
                              ? std::pow(options_.decay, static_cast<double>(w - 1 - k))
                              : static_cast<double>(k + 1);
    sum += weight * input.y[first + k];
    weights += weight;
  }
  level_ = sum / weights;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> WeightedMovingAverageModel::Forecast(
    const ForecastInput& input, const CancelToken& /*cancel*/) const {
  return Flat(level_, input.dates.size());
}

}  // namespace champion::engine
