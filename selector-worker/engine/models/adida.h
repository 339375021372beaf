#pragma once

#include <vector>

#include "engine/models/model.h"

namespace champion::engine {

//! adida: aggregate-disaggregate intermittent demand approach (Nikolopoulos et al. 2011).
//! Sums the history into buckets of the rounded mean interval between demands, forecasts the
//! next bucket by simple exponential smoothing (alpha in [0.1, 0.3] by least squares) and
//! spreads it evenly over its days. Flat forecast; 0 when the history holds no demand. Needs
//! >= 1 point.
class AdidaModel final : public Forecaster {
 public:
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;

 private:
  double level_ = 0.0;
};

}  // namespace champion::engine
