#pragma once

#include <vector>

#include "engine/models/model.h"

namespace champion::engine {

//! seasonal_average: step j (1-based) is the mean of the values k*S-j back from the last
//! point (k = 1..K) that exist; when none exist (j > K*S), the position j mod S is used.
//! trim_outliers drops the min and max when >= 4 samples. Needs >= 2S points.
class SeasonalAverageModel final : public Forecaster {
 public:
  struct Options {
    int season_length = 7;
    int lookback_cycles = 4;
    bool trim_outliers = false;
  };
  explicit SeasonalAverageModel(const Options& options) : options_(options) {}
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;

 private:
  Options options_;
  std::vector<double> history_;
};

}  // namespace champion::engine
