#include "engine/models/auto_ets.h"

#include "common/status_macros.h"
#include "engine/ets_select.h"

namespace champion::engine {

absl::Status AutoEtsModel::Fit(const FitInput& input, const CancelToken& cancel) {
  ASSIGN_OR_RETURN(fit_, ets::SelectForm(input.y, season_length_, cancel));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> AutoEtsModel::Forecast(const ForecastInput& input,
                                                           const CancelToken& cancel) const {
  RETURN_IF_ERROR(CheckCancelled(cancel));
  return ets::PointForecast(fit_->form, fit_->smoothing, fit_->final_states,
                            static_cast<int>(input.dates.size()));
}

}  // namespace champion::engine
