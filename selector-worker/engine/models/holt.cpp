#include "engine/models/holt.h"

#include "common/status_macros.h"
#include "engine/kernels/ets_intervals.h"
#include "engine/models/model_registration.h"

namespace champion::engine {

ets::Form HoltModel::Form() const {
  return {.error = ets::ErrorKind::kAdditive,
          .trend = damped_ ? TrendKind::kDamped : TrendKind::kAdditive};
}

void HoltModel::ContinueFrom(const Forecaster& previous_fold) {
  if (const auto* previous = dynamic_cast<const HoltModel*>(&previous_fold)) {
    if (previous->fit_) warm_start_ = previous->fit_->coordinates;
  }
}

absl::Status HoltModel::Fit(const FitInput& input, const CancelToken& cancel) {
  fit_.reset();
  short_fit_.reset();
  if (static_cast<int>(input.y.size()) < ets::MinimumLength(Form())) {
    const EtsForm form{.trend = damped_ ? TrendKind::kDamped : TrendKind::kAdditive};
    ASSIGN_OR_RETURN(short_fit_, FitEts(input.y, form, cancel));
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(fit_, ets::FitForm(input.y, Form(), cancel, warm_start_));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> HoltModel::Forecast(const ForecastInput& input,
                                                        const CancelToken& cancel) const {
  RETURN_IF_ERROR(CheckCancelled(cancel));
  const int steps = static_cast<int>(input.dates.size());
  if (short_fit_) {
    return EtsForecast(short_fit_->form, short_fit_->params, short_fit_->final_state, steps);
  }
  return ets::ForecastMean(*fit_, steps);
}

absl::StatusOr<std::optional<ForecastQuantiles>> HoltModel::Quantiles(
    const ForecastInput& input, std::span<const double> levels, const CancelToken& cancel) const {
  if (!fit_) return std::nullopt;
  return ets::FormQuantiles(*fit_, static_cast<int>(input.dates.size()), levels, cancel);
}

CHAMPION_REGISTER_MODEL(holt) {
  struct Options {
    bool damped = false;
  };
  ModelRegistration r = Facts(130, "holt", "Holt linear trend", ModelFamily::kStatistical,
                              "Exponential smoothing with an additive, optionally damped, trend.");
  return WithParams(std::move(r),
                    TypedParams<Options>().Boolean(&Options::damped, "damped", false,
                                                   "Damp the trend (phi fitted)."),
                    [](const Options& o) { return std::make_unique<HoltModel>(o.damped); });
}

}  // namespace champion::engine
