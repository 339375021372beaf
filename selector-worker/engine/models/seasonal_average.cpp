#include "engine/models/seasonal_average.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "engine/models/model_registration.h"
#include "engine/models/model_util.h"

namespace champion::engine {
namespace {

// Values k*S - j back from the last point (k = 1..K) that exist.
std::vector<double> Samples(const std::vector<double>& y, int season, int cycles, int j) {
  std::vector<double> out;
  const int last = static_cast<int>(y.size()) - 1;
  for (int k = 1; k <= cycles; ++k) {
    const int idx = last - (k * season - j);
    if (idx >= 0 && idx <= last) out.push_back(y[idx]);
  }
  return out;
}

}  // namespace

absl::Status SeasonalAverageModel::Fit(const FitInput& input, const CancelToken& /*cancel*/) {
  const auto need = static_cast<std::size_t>(2 * options_.season_length);
  if (absl::Status s = NeedPoints("seasonal_average", input.y.size(), need,
                                  absl::StrCat("two seasons of ", options_.season_length));
      !s.ok()) {
    return s;
  }
  history_.assign(input.y.begin(), input.y.end());
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> SeasonalAverageModel::Forecast(
    const ForecastInput& input, const CancelToken& /*cancel*/) const {
  const int s = options_.season_length;
  std::vector<double> out;
  for (int j = 1; j <= static_cast<int>(input.dates.size()); ++j) {
    std::vector<double> v = Samples(history_, s, options_.lookback_cycles, j);
    if (v.empty()) v = Samples(history_, s, options_.lookback_cycles, (j - 1) % s + 1);
    std::sort(v.begin(), v.end());
    std::size_t lo = 0;
    std::size_t hi = v.size();
    if (options_.trim_outliers && v.size() >= 4) {
      ++lo;
      --hi;
    }
    double sum = 0.0;
    for (std::size_t i = lo; i < hi; ++i) sum += v[i];
    out.push_back(sum / static_cast<double>(hi - lo));
  }
  return out;
}

CHAMPION_REGISTER_MODEL(seasonal_average) {
  using Options = SeasonalAverageModel::Options;
  ModelRegistration r = Facts(50, "seasonal_average", "Seasonal average", ModelFamily::kBaseline,
                              "Each step is the mean of the same season position over the last "
                              "lookback_cycles seasons.");
  return WithParams(std::move(r),
                    TypedParams<Options>()
                        .SeasonLength(&Options::season_length, 2)
                        .Integer(&Options::lookback_cycles, "lookback_cycles", 2, 12, 4,
                                 "Number of past seasons averaged.")
                        .Boolean(&Options::trim_outliers, "trim_outliers", false,
                                 "Drop the min and max sample when there are at least 4."),
                    [](const Options& o) { return std::make_unique<SeasonalAverageModel>(o); });
}

}  // namespace champion::engine
