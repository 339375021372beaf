#include "engine/models/holt_winters.h"

#include "common/status_macros.h"
#include "engine/models/model_registration.h"

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

CHAMPION_REGISTER_MODEL(holt_winters) {
  using Options = HoltWintersModel::Options;
  ModelRegistration r =
      Facts(140, "holt_winters", "Holt-Winters", ModelFamily::kStatistical,
            "Exponential smoothing with trend and seasonality, parameters fitted.");
  return WithParams(std::move(r),
                    TypedParams<Options>()
                        .SeasonLength(&Options::season_length, 1)
                        .Choice(&Options::multiplicative, "seasonal",
                                {{"additive", false}, {"multiplicative", true}}, "additive",
                                "Seasonal component form.")
                        .Boolean(&Options::damped, "damped", false, "Damp the trend (phi fitted)."),
                    [](const Options& o) { return std::make_unique<HoltWintersModel>(o); });
}

}  // namespace champion::engine
