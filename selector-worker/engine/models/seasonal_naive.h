#pragma once

#include <vector>

#include "engine/models/model.h"

namespace champion::engine {

//! seasonal_naive: step h (0-based) is last_season[h mod m]. Needs >= m points.
class SeasonalNaiveModel final : public Forecaster {
 public:
  explicit SeasonalNaiveModel(int season_length) : season_length_(season_length) {}
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;

 private:
  int season_length_;
  std::vector<double> last_season_;
};

}  // namespace champion::engine
