#include "engine/models/weighted_moving_average.h"

#include <algorithm>
#include <cmath>

#include "engine/models/model_registration.h"
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

CHAMPION_REGISTER_MODEL(weighted_moving_average) {
  using Options = WeightedMovingAverageModel::Options;
  ModelRegistration r =
      Facts(40, "weighted_moving_average", "Weighted moving average", ModelFamily::kBaseline,
            "Flat forecast at a weighted mean of the last window_size observations.");
  return WithParams(
      std::move(r),
      TypedParams<Options>()
          .Integer(&Options::window_size, "window_size", 2, 90, 7,
                   "Number of most recent observations averaged.")
          .Choice(&Options::exponential, "weight_strategy",
                  {{"linear", false}, {"exponential", true}}, "linear",
                  "linear: weights 1..W, newest heaviest; exponential: decay^(W-1)..decay^0.")
          .Number(&Options::decay, "decay", 0, 1, 0.7, "Decay factor of the exponential weights.",
                  true),
      [](const Options& o) { return std::make_unique<WeightedMovingAverageModel>(o); });
}

}  // namespace champion::engine
