#pragma once

#include <vector>

#include "engine/models/model.h"

namespace champion::engine {

//! naive: the last observed value, repeated. Needs >= 1 point.
class NaiveModel final : public Forecaster {
 public:
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;

 private:
  double last_ = 0.0;
};

}  // namespace champion::engine
