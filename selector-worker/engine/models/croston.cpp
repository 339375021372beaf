#include "engine/models/croston.h"

#include "common/status_macros.h"
#include "engine/kernels/intermittent_kernel.h"
#include "engine/models/model_registration.h"
#include "engine/models/model_util.h"

namespace champion::engine {
namespace {

constexpr double kAlpha = 0.1;  // The customary Croston smoothing constant.
constexpr double kBeta = 0.1;   // TSB probability smoothing.

}  // namespace

absl::Status CrostonModel::Fit(const FitInput& input, const CancelToken& cancel) {
  if (absl::Status s = NeedPoints("croston", input.y.size(), 1); !s.ok()) return s;
  if (variant_ == CrostonVariant::kOptimized) {
    const std::vector<double> sizes = intermittent::DemandSizes(input.y);
    if (sizes.empty()) {
      level_ = 0.0;
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(const double size, intermittent::OptimizedSesForecast(sizes, cancel));
    ASSIGN_OR_RETURN(const double interval, intermittent::OptimizedSesForecast(
                                                intermittent::DemandIntervals(input.y), cancel));
    level_ = size / interval;  // intervals are >= 1, so is their smoothed value
    return absl::OkStatus();
  }
  bool seen = false;
  double z = 0.0;  // Demand size.
  double p = 0.0;  // Interval between demands (classic, sba).
  double d = 0.0;  // Demand probability (tsb).
  int since = 0;
  for (double y : input.y) {
    ++since;
    if (!seen) {
      if (y > 0) {
        seen = true;
        z = y;
        p = since;
        d = 1.0 / since;
        since = 0;
      }
      continue;
    }
    if (y > 0) {
      z += kAlpha * (y - z);
      p += kAlpha * (since - p);
      since = 0;
    }
    d += kBeta * ((y > 0 ? 1.0 : 0.0) - d);
  }
  switch (variant_) {
    case CrostonVariant::kClassic:
      level_ = seen ? z / p : 0.0;
      break;
    case CrostonVariant::kSba:
      level_ = seen ? (1.0 - kAlpha / 2.0) * z / p : 0.0;
      break;
    case CrostonVariant::kTsb:
      level_ = seen ? d * z : 0.0;
      break;
    case CrostonVariant::kOptimized:
      break;  // fitted above
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> CrostonModel::Forecast(const ForecastInput& input,
                                                           const CancelToken& /*cancel*/) const {
  return Flat(level_, input.dates.size());
}

CHAMPION_REGISTER_MODEL(croston) {
  struct Options {
    CrostonVariant variant = CrostonVariant::kSba;
  };
  ModelRegistration r =
      Facts(170, "croston", "Croston (intermittent demand)", ModelFamily::kStatistical,
            "Separate smoothing of demand sizes and intervals for intermittent demand.");
  r.for_intermittent_demand = true;
  return WithParams(
      std::move(r),
      TypedParams<Options>().Choice(
          &Options::variant, "variant",
          {{"classic", CrostonVariant::kClassic},
           {"sba", CrostonVariant::kSba},
           {"tsb", CrostonVariant::kTsb},
           {"optimized", CrostonVariant::kOptimized}},
          "sba",
          "classic Croston, Syntetos-Boylan approximation, Teunter-Syntetos-Babai, or classic "
          "with both smoothing constants fitted."),
      [](const Options& o) { return std::make_unique<CrostonModel>(o.variant); });
}

}  // namespace champion::engine
