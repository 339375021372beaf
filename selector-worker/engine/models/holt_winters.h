#pragma once

#include <optional>
#include <vector>

#include "engine/kernels/exponential_smoothing.h"
#include "engine/models/model.h"

namespace champion::engine {

//! holt_winters: trend plus additive or multiplicative seasonality, parameters fitted.
//! Needs >= 2 seasons; multiplicative needs positive values. season_length 1 = holt.
class HoltWintersModel final : public Forecaster {
 public:
  struct Options {
    int season_length = 7;
    bool multiplicative = false;
    bool damped = false;
  };
  explicit HoltWintersModel(const Options& options) : options_(options) {}
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;

 private:
  Options options_;
  std::optional<EtsFit> fit_;
};

}  // namespace champion::engine
