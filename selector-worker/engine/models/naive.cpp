#include "engine/models/naive.h"

#include "engine/models/model_registration.h"
#include "engine/models/model_util.h"

namespace champion::engine {

absl::Status NaiveModel::Fit(const FitInput& input, const CancelToken& /*cancel*/) {
  if (absl::Status s = NeedPoints("naive", input.y.size(), 1); !s.ok()) return s;
  last_ = input.y.back();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> NaiveModel::Forecast(const ForecastInput& input,
                                                         const CancelToken& /*cancel*/) const {
  return Flat(last_, input.dates.size());
}

CHAMPION_REGISTER_MODEL(naive) {
  ModelRegistration r =
      Facts(10, "naive", "Naive", ModelFamily::kBaseline, "Repeats the last observed value.");
  r.default_candidate = true;
  return WithoutParams(std::move(r), [] { return std::make_unique<NaiveModel>(); });
}

}  // namespace champion::engine
