#include "engine/models/adida.h"

#include <memory>

#include "common/status_macros.h"
#include "engine/kernels/intermittent_kernel.h"
#include "engine/models/model_registration.h"
#include "engine/models/model_util.h"

namespace champion::engine {

absl::Status AdidaModel::Fit(const FitInput& input, const CancelToken& cancel) {
  RETURN_IF_ERROR(NeedPoints("adida", input.y.size(), 1));
  const int level = intermittent::AggregationLevel(input.y);
  if (level == 0) {
    level_ = 0.0;
    return absl::OkStatus();
  }
  const std::vector<double> sums = intermittent::BucketSums(input.y, level);
  ASSIGN_OR_RETURN(const double next_bucket, intermittent::OptimizedSesForecast(sums, cancel));
  level_ = next_bucket / level;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> AdidaModel::Forecast(const ForecastInput& input,
                                                         const CancelToken& /*cancel*/) const {
  return Flat(level_, input.dates.size());
}

CHAMPION_REGISTER_MODEL(adida) {
  ModelRegistration r =
      Facts(180, "adida", "ADIDA (intermittent demand)", ModelFamily::kStatistical,
            "Aggregates the history into buckets as long as the mean interval between sales, "
            "forecasts the next bucket by exponential smoothing and spreads it over its days.");
  r.for_intermittent_demand = true;
  return WithoutParams(std::move(r), [] { return std::make_unique<AdidaModel>(); });
}

}  // namespace champion::engine
