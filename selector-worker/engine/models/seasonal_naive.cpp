#include "engine/models/seasonal_naive.h"

#include "absl/strings/str_cat.h"
#include "engine/models/model_registration.h"
#include "engine/models/model_util.h"

namespace champion::engine {

absl::Status SeasonalNaiveModel::Fit(const FitInput& input, const CancelToken& /*cancel*/) {
  const auto m = static_cast<std::size_t>(season_length_);
  if (absl::Status s =
          NeedPoints("seasonal_naive", input.y.size(), m, absl::StrCat("one season of ", m));
      !s.ok()) {
    return s;
  }
  last_season_.assign(input.y.end() - static_cast<std::ptrdiff_t>(m), input.y.end());
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> SeasonalNaiveModel::Forecast(
    const ForecastInput& input, const CancelToken& /*cancel*/) const {
  std::vector<double> out;
  for (std::size_t h = 0; h < input.dates.size(); ++h) {
    out.push_back(last_season_[h % last_season_.size()]);
  }
  return out;
}

CHAMPION_REGISTER_MODEL(seasonal_naive) {
  struct Options {
    int season_length = 7;
  };
  ModelRegistration r =
      Facts(20, "seasonal_naive", "Seasonal naive", ModelFamily::kBaseline,
            "Repeats the last full season: step h takes the value one season back.");
  r.default_candidate = true;
  return WithParams(
      std::move(r), TypedParams<Options>().SeasonLength(&Options::season_length, 1),
      [](const Options& o) { return std::make_unique<SeasonalNaiveModel>(o.season_length); });
}

}  // namespace champion::engine
