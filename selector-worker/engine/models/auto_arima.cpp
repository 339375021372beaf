#include "engine/models/auto_arima.h"

#include "common/status_macros.h"
#include "engine/kernels/arima_search.h"
#include "engine/kernels/seasonal_differencing.h"
#include "engine/kernels/unit_root.h"
#include "engine/models/model_registration.h"
#include "engine/models/model_util.h"

namespace champion::engine {
namespace {

// y differenced `times` times at `lag`.
std::vector<double> Difference(std::span<const double> y, int lag, int times) {
  std::vector<double> out(y.begin(), y.end());
  for (int t = 0; t<times&& static_cast<int>(out.size())> lag; ++t) {
    std::vector<double> next;
    for (std::size_t i = static_cast<std::size_t>(lag); i < out.size(); ++i) {
      next.push_back(out[i] - out[i - static_cast<std::size_t>(lag)]);
    }
    out = std::move(next);
  }
  return out;
}

}  // namespace

absl::Status AutoArimaModel::Fit(const FitInput& input, const CancelToken& cancel) {
  RETURN_IF_ERROR(NeedPoints("auto_arima", input.y.size(), 3));
  fit_.reset();
  if (arima::IsConstant(input.y)) {  // R: a fixed-mean model.
    constant_ = input.y.front();
    return absl::OkStatus();
  }
  // R's auto.arima: seasonal differences first, then KPSS on the seasonally differenced data.
  const int m = season_length_ > 1 ? season_length_ : 1;
  int seasonal_d = 0;
  if (m > 1) {
    ASSIGN_OR_RETURN(seasonal_d, SeasonalDifferences(input.y, m, cancel));
  }
  ASSIGN_OR_RETURN(const int d, arima::NumDifferences(Difference(input.y, m, seasonal_d), {}));
  absl::StatusOr<arima::ArimaSearchResult> found =
      arima::SearchArima(input.y, m, d, seasonal_d, {}, cancel);
  if (!found.ok()) {
    if (found.status().code() == absl::StatusCode::kCancelled) return found.status();
    return absl::InvalidArgumentError(absl::StrCat("auto_arima: ", found.status().message()));
  }
  fit_ = std::move(found->fit);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> AutoArimaModel::Forecast(const ForecastInput& input,
                                                             const CancelToken& cancel) const {
  RETURN_IF_ERROR(CheckCancelled(cancel));
  const int steps = static_cast<int>(input.dates.size());
  if (!fit_) return std::vector<double>(steps, constant_);
  ASSIGN_OR_RETURN(arima::ArimaForecast f, arima::ForecastArima(*fit_, steps));
  return std::move(f.mean);
}

absl::StatusOr<std::optional<ForecastQuantiles>> AutoArimaModel::Quantiles(
    const ForecastInput& input, std::span<const double> levels, const CancelToken& cancel) const {
  RETURN_IF_ERROR(CheckQuantileLevels(levels));
  RETURN_IF_ERROR(CheckCancelled(cancel));
  const int steps = static_cast<int>(input.dates.size());
  if (!fit_) {
    const std::vector<double> mean(steps, constant_), sd(steps, 0.0);
    return NormalQuantiles(mean, sd, levels);
  }
  ASSIGN_OR_RETURN(const arima::ArimaForecast f, arima::ForecastArima(*fit_, steps));
  return NormalQuantiles(f.mean, f.se, levels);
}

CHAMPION_REGISTER_MODEL(auto_arima) {
  struct Options {
    int season_length = 7;
  };
  ModelRegistration r =
      Facts(152, "auto_arima", "Automatic ARIMA", ModelFamily::kStatistical,
            "ARIMA orders chosen by the Hyndman-Khandakar stepwise search (AICc), differences by "
            "KPSS and seasonal strength; parameters by conditional sum of squares then maximum "
            "likelihood.");
  // Validated against R's forecast::auto.arima (tests/engine/models/auto_arima_reference_test.cpp).
  // Preselected: with it the champion's hold-out MASE beats R's ets() (docs/ACCURACY.md).
  // Not for intermittent pairs: ARIMA models demand on most days, and their preselection
  // (the defaults plus the intermittent family) stays within a run's 10 candidates.
  r.default_candidate = true;
  r.assumes_continuous_demand = true;
  return WithParams(
      std::move(r), TypedParams<Options>().SeasonLength(&Options::season_length, 1),
      [](const Options& o) { return std::make_unique<AutoArimaModel>(o.season_length); });
}

}  // namespace champion::engine
