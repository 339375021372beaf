#include "engine/models/ses.h"

#include "common/status_macros.h"
#include "engine/models/model_registration.h"

namespace champion::engine {

absl::Status SesModel::Fit(const FitInput& input, const CancelToken& cancel) {
  ASSIGN_OR_RETURN(fit_, FitEts(input.y, EtsForm{}, cancel));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> SesModel::Forecast(const ForecastInput& input,
                                                       const CancelToken& /*cancel*/) const {
  return EtsForecast(fit_->form, fit_->params, fit_->final_state,
                     static_cast<int>(input.dates.size()));
}

CHAMPION_REGISTER_MODEL(ses) {
  ModelRegistration r = Facts(120, "ses", "Simple exponential smoothing", ModelFamily::kStatistical,
                              "Simple exponential smoothing with a fitted alpha.");
  return WithoutParams(std::move(r), [] { return std::make_unique<SesModel>(); });
}

}  // namespace champion::engine
