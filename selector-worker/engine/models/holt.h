#pragma once

#include <optional>
#include <vector>

#include "engine/exponential_smoothing.h"
#include "engine/model.h"

namespace champion::engine {

//! holt: additive trend, optionally damped (phi fitted in [0.8, 0.98]). Needs >= 2 points.
class HoltModel final : public Forecaster {
 public:
  explicit HoltModel(bool damped) : damped_(damped) {}
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;

 private:
  bool damped_;
  std::optional<EtsFit> fit_;
};

}  // namespace champion::engine
