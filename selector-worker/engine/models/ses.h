#pragma once

#include <optional>
#include <vector>

#include "engine/kernels/exponential_smoothing.h"
#include "engine/models/model.h"

namespace champion::engine {

//! ses: simple exponential smoothing, alpha and start level fitted by least squares.
//! Needs >= 2 points.
class SesModel final : public Forecaster {
 public:
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;

 private:
  std::optional<EtsFit> fit_;
};

}  // namespace champion::engine
