#include "engine/models/holt.h"

#include "common/status_macros.h"

namespace champion::engine {

absl::Status HoltModel::Fit(const FitInput& input, const CancelToken& cancel) {
  const EtsForm form{.trend = damped_ ? TrendKind::kDamped : TrendKind::kAdditive};
  ASSIGN_OR_RETURN(fit_, FitEts(input.y, form, cancel));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> HoltModel::Forecast(const ForecastInput& input,
                                                        const CancelToken& /*cancel*/) const {
  return EtsForecast(fit_->form, fit_->params, fit_->final_state,
                     static_cast<int>(input.dates.size()));
}

}  // namespace champion::engine
