#include "engine/models/imapa.h"

#include <memory>

#include "common/status_macros.h"
#include "engine/kernels/intermittent_kernel.h"
#include "engine/models/model_registration.h"
#include "engine/models/model_util.h"

namespace champion::engine {

absl::Status ImapaModel::Fit(const FitInput& input, const CancelToken& cancel) {
  RETURN_IF_ERROR(NeedPoints("imapa", input.y.size(), 1));
  const int largest = intermittent::AggregationLevel(input.y);
  double total = 0.0;
  for (int level = 1; level <= largest; ++level) {
    RETURN_IF_ERROR(CheckCancelled(cancel));
    const std::vector<double> sums = intermittent::BucketSums(input.y, level);
    ASSIGN_OR_RETURN(const double next_bucket, intermittent::OptimizedSesForecast(sums, cancel));
    total += next_bucket / level;
  }
  level_ = largest == 0 ? 0.0 : total / largest;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> ImapaModel::Forecast(const ForecastInput& input,
                                                         const CancelToken& /*cancel*/) const {
  return Flat(level_, input.dates.size());
}

CHAMPION_REGISTER_MODEL(imapa) {
  ModelRegistration r =
      Facts(190, "imapa", "IMAPA (intermittent demand)", ModelFamily::kStatistical,
            "ADIDA at every bucket length from one day to the mean interval between sales, "
            "the daily forecasts averaged.");
  r.for_intermittent_demand = true;
  return WithoutParams(std::move(r), [] { return std::make_unique<ImapaModel>(); });
}

}  // namespace champion::engine
