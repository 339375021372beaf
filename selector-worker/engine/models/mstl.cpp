#include "engine/models/mstl.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "common/status_macros.h"
#include "engine/kernels/ets_intervals.h"
#include "engine/kernels/ets_select.h"
#include "engine/kernels/mstl.h"
#include "engine/models/model_registration.h"

namespace champion::engine {

void MstlModel::ContinueFrom(const Forecaster& previous_fold) {
  if (const auto* previous = dynamic_cast<const MstlModel*>(&previous_fold)) {
    warm_starts_ = previous->fits_;
  }
}

absl::Status MstlModel::Fit(const FitInput& input, const CancelToken& cancel) {
  fit_.reset();
  fits_.clear();
  last_cycles_.clear();
  const int n = static_cast<int>(input.y.size());
  periods_ = MstlPeriods(season_lengths_, n);
  std::vector<double> adjusted(input.y.begin(), input.y.end());
  if (!periods_.empty()) {
    // R's mstl iterates twice over the periods of an msts; a single requested period is a
    // plain ts there, decomposed once.
    const int requested = static_cast<int>(
        std::count_if(season_lengths_.begin(), season_lengths_.end(), [](int p) { return p > 1; }));
    ASSIGN_OR_RETURN(
        MstlComponents components,
        Mstl(input.y, periods_, MstlOptions{.iterate = requested > 1 ? 2 : 1}, cancel));
    adjusted = components.SeasonallyAdjusted(input.y);
    for (std::size_t i = 0; i < periods_.size(); ++i) {
      const std::vector<double>& seasonal = components.seasonal[i];
      last_cycles_.emplace_back(seasonal.end() - periods_[i], seasonal.end());
    }
  }
  absl::StatusOr<ets::FittedForm> fit = ets::SelectForm(adjusted, 1, cancel, warm_starts_, &fits_);
  if (!fit.ok()) {
    return absl::Status(fit.status().code(), "mstl: " + std::string(fit.status().message()));
  }
  fit_ = *std::move(fit);
  return absl::OkStatus();
}

std::vector<double> MstlModel::SeasonalNaive(int steps) const {
  std::vector<double> out(steps, 0.0);
  for (const std::vector<double>& cycle : last_cycles_) {
    const int period = static_cast<int>(cycle.size());
    for (int h = 0; h < steps; ++h) out[h] += cycle[h % period];
  }
  return out;
}

absl::StatusOr<std::vector<double>> MstlModel::Forecast(const ForecastInput& input,
                                                        const CancelToken& cancel) const {
  RETURN_IF_ERROR(CheckCancelled(cancel));
  const int steps = static_cast<int>(input.dates.size());
  std::vector<double> out = ets::ForecastMean(*fit_, steps);
  const std::vector<double> seasonal = SeasonalNaive(steps);
  for (int h = 0; h < steps; ++h) out[h] += seasonal[h];
  return out;
}

absl::StatusOr<std::optional<ForecastQuantiles>> MstlModel::Quantiles(
    const ForecastInput& input, std::span<const double> levels, const CancelToken& cancel) const {
  const int steps = static_cast<int>(input.dates.size());
  ASSIGN_OR_RETURN(ForecastQuantiles q, ets::FormQuantiles(*fit_, steps, levels, cancel));
  const std::vector<double> seasonal = SeasonalNaive(steps);
  for (std::vector<double>& row : q.values) {
    for (int h = 0; h < steps; ++h) row[h] = std::max(0.0, row[h] + seasonal[h]);
  }
  return q;
}

CHAMPION_REGISTER_MODEL(mstl) {
  struct Options {
    int weekly = 7;
    int yearly = 365;
  };
  ModelRegistration r =
      Facts(155, "mstl", "MSTL + ETS", ModelFamily::kStatistical,
            "Weekly and yearly seasonal components by MSTL, their last cycles repeated, plus a "
            "non-seasonal ETS forecast of the seasonally adjusted series (R's stlf).");
  // Validated against R's forecast::stlf on daily series (tests/engine/models/mstl_test.cpp).
  return WithParams(
      std::move(r),
      TypedParams<Options>()
          .Integer(&Options::weekly, "weekly", 0, 31, 7,
                   "Short seasonal period in observations (7 = weekly in daily data; 0 = none).")
          .Integer(&Options::yearly, "yearly", 0, 366, 365,
                   "Long seasonal period (365 = yearly in daily data; 0 = none); dropped while "
                   "the history holds no more than two of them."),
      [](const Options& o) {
        return std::make_unique<MstlModel>(std::vector<int>{o.weekly, o.yearly});
      });
}

}  // namespace champion::engine
