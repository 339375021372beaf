#include "engine/models/auto_ets.h"

#include "common/status_macros.h"
#include "engine/kernels/ets_intervals.h"
#include "engine/kernels/ets_select.h"
#include "engine/models/model_registration.h"

namespace champion::engine {

void AutoEtsModel::ContinueFrom(const Forecaster& previous_fold) {
  if (const auto* previous = dynamic_cast<const AutoEtsModel*>(&previous_fold)) {
    warm_starts_ = previous->fits_;
  }
}

absl::Status AutoEtsModel::Fit(const FitInput& input, const CancelToken& cancel) {
  ASSIGN_OR_RETURN(fit_, ets::SelectForm(input.y, season_length_, cancel, warm_starts_, &fits_));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> AutoEtsModel::Forecast(const ForecastInput& input,
                                                           const CancelToken& cancel) const {
  RETURN_IF_ERROR(CheckCancelled(cancel));
  // R's forecast.ets mean, which the quantiles centre on (the class-3 mean for M error and
  // season, else the point forecast).
  return ets::ForecastMean(*fit_, static_cast<int>(input.dates.size()));
}

absl::StatusOr<std::optional<ForecastQuantiles>> AutoEtsModel::Quantiles(
    const ForecastInput& input, std::span<const double> levels, const CancelToken& cancel) const {
  return ets::FormQuantiles(*fit_, static_cast<int>(input.dates.size()), levels, cancel);
}

CHAMPION_REGISTER_MODEL(auto_ets) {
  struct Options {
    int season_length = 7;
  };
  ModelRegistration r =
      Facts(150, "auto_ets", "Automatic ETS", ModelFamily::kStatistical,
            "State-space ETS family selected by AICc; seasonal forms need two full seasons; "
            "parameters by maximum likelihood.");
  // Validated against R's forecast package (tests/engine/models/auto_ets_reference_test.cpp).
  r.default_candidate = true;
  return WithParams(
      std::move(r), TypedParams<Options>().SeasonLength(&Options::season_length, 1),
      [](const Options& o) { return std::make_unique<AutoEtsModel>(o.season_length); });
}

}  // namespace champion::engine
