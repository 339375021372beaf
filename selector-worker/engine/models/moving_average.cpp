#include "engine/models/moving_average.h"

#include <algorithm>

#include "engine/models/model_registration.h"
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

CHAMPION_REGISTER_MODEL(moving_average) {
  struct Options {
    int window_size = 7;
  };
  ModelRegistration r = Facts(30, "moving_average", "Moving average", ModelFamily::kBaseline,
                              "Flat forecast at the mean of the last window_size observations.");
  r.default_candidate = true;
  return WithParams(
      std::move(r),
      TypedParams<Options>().Integer(&Options::window_size, "window_size", 1, 90, 7,
                                     "Number of most recent observations averaged."),
      [](const Options& o) { return std::make_unique<MovingAverageModel>(o.window_size); });
}

}  // namespace champion::engine
