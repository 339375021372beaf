#pragma once

#include <optional>
#include <vector>

#include "engine/kernels/ridge.h"
#include "engine/models/model.h"

namespace champion::engine {

//! prophet_like: ridge over [trend (days since the first training date), the feature
//! frame] with each feature's NaNs replaced by its training median (0 when a column has
//! no value). Additive by construction: intercept + trend + calendar/seasonal + holiday,
//! promotion and price terms. Needs >= 2 points and a feature frame.
class ProphetLikeModel final : public Forecaster {
 public:
  explicit ProphetLikeModel(double alpha) : alpha_(alpha) {}
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;

 private:
  Eigen::MatrixXd Design(std::span<const absl::CivilDay> dates, const FeatureFrame& f) const;

  double alpha_;
  absl::CivilDay origin_;
  Eigen::VectorXd medians_;
  std::optional<RidgeFit> fit_;
};

}  // namespace champion::engine
