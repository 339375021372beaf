#include "engine/models/auto_ets.h"

#include "common/status_macros.h"
#include "engine/ets_select.h"

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
  return ets::PointForecast(fit_->form, fit_->smoothing, fit_->final_states,
                            static_cast<int>(input.dates.size()));
}

}  // namespace champion::engine
