#include "engine/models/holt_winters.h"

#include "common/status_macros.h"

namespace champion::engine {

absl::Status HoltWintersModel::Fit(const FitInput& input, const CancelToken& cancel) {
  EtsForm form{.trend = options_.damped ? TrendKind::kDamped : TrendKind::kAdditive};
  if (options_.season_length > 1) {
    form.season = options_.multiplicative ? SeasonKind::kMultiplicative : SeasonKind::kAdditive;
    form.period = options_.season_length;
  }
  ASSIGN_OR_RETURN(fit_, FitEts(input.y, form, cancel));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> HoltWintersModel::Forecast(
    const ForecastInput& input, const CancelToken& /*cancel*/) const {
  return EtsForecast(fit_->form, fit_->params, fit_->final_state,
                     static_cast<int>(input.dates.size()));
}

}  // namespace champion::engine
