#include "engine/models/moving_average.h"

#include <algorithm>

#include "engine/models/model_util.h"

namespace champion::engine {

absl::Status MovingAverageModel::Fit(const FitInput& input, const CancelToken& /*cancel*/) {
  if (absl::Status s = NeedPoints("moving_average", input.y.size(), 1); !s.ok()) return s;
  const std::size_t w = std::min(input.y.size(), static_cast<std::size_t>(window_size_));
  double sum = 0.0;
  for (std::size_t i = input.y.size() - w; i < input.y.size(); ++i) sum += input.y[i];
  level_ = sum / static_cast<double>(w);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> MovingAverageModel::Forecast(
    const ForecastInput& input, const CancelToken& /*cancel*/) const {
  return Flat(level_, input.dates.size());
}

}  // namespace champion::engine
