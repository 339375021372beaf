#pragma once

#include <vector>

#include "engine/models/model.h"

namespace champion::engine {

enum class CrostonVariant { kClassic, kSba, kTsb, kOptimized };

//! croston: intermittent demand. classic: z/p with demand size z and interval p smoothed
//! at alpha = 0.1 on demand periods; sba: (1 - alpha/2) z/p (Syntetos-Boylan); tsb: demand
//! probability smoothed every period (beta = 0.1) times z (Teunter-Syntetos-Babai);
//! optimized: classic with a separate alpha for sizes and for intervals, each chosen in
//! [0.1, 0.3] by in-sample squared error (as StatsForecast's CrostonOptimized). Flat
//! forecast; 0 when the history holds no demand. Needs >= 1 point.
class CrostonModel final : public Forecaster {
 public:
  explicit CrostonModel(CrostonVariant variant) : variant_(variant) {}
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;

 private:
  CrostonVariant variant_;
  double level_ = 0.0;
};

}  // namespace champion::engine
