#include "engine/models/trend_regression_baseline.h"

#include "common/status_macros.h"
#include "engine/models/model_registration.h"
#include "engine/models/model_util.h"

namespace champion::engine {

Eigen::MatrixXd TrendRegressionBaselineModel::Design(std::span<const absl::CivilDay> dates) const {
  const int cols = 1 + (options_.include_dow ? 6 : 0) + (options_.include_month ? 11 : 0);
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(dates.size()), cols);
  for (std::size_t i = 0; i < dates.size(); ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    x(r, 0) = static_cast<double>(dates[i] - origin_);
    int c = 1;
    if (options_.include_dow) {
      const int dow = DayOfWeekIndex(dates[i]);  // Monday (0) is the reference level.
      if (dow > 0) x(r, c + dow - 1) = 1.0;
      c += 6;
    }
    if (options_.include_month && dates[i].month() > 1) x(r, c + dates[i].month() - 2) = 1.0;
  }
  return x;
}

absl::Status TrendRegressionBaselineModel::Fit(const FitInput& input, const CancelToken& cancel) {
  RETURN_IF_ERROR(NeedPoints("trend_regression_baseline", input.y.size(), 2));
  RETURN_IF_ERROR(CheckCancelled(cancel));
  origin_ = input.dates.front();
  const Eigen::VectorXd y =
      Eigen::Map<const Eigen::VectorXd>(input.y.data(), static_cast<Eigen::Index>(input.y.size()));
  ASSIGN_OR_RETURN(fit_, FitRidge(Design(input.dates), y, options_.alpha));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> TrendRegressionBaselineModel::Forecast(
    const ForecastInput& input, const CancelToken& /*cancel*/) const {
  const Eigen::VectorXd f = fit_->Predict(Design(input.dates));
  return std::vector<double>(f.begin(), f.end());
}

CHAMPION_REGISTER_MODEL(trend_regression_baseline) {
  using Options = TrendRegressionBaselineModel::Options;
  ModelRegistration r =
      Facts(60, "trend_regression_baseline", "Trend regression baseline", ModelFamily::kBaseline,
            "Ridge regression on a time index with day-of-week and month indicators.");
  return WithParams(
      std::move(r),
      TypedParams<Options>()
          .Number(&Options::alpha, "alpha", 0, 1000, 1.0, "Ridge penalty.")
          .Boolean(&Options::include_dow, "include_dow", true, "Add day-of-week indicators.")
          .Boolean(&Options::include_month, "include_month", true, "Add month indicators."),
      [](const Options& o) { return std::make_unique<TrendRegressionBaselineModel>(o); });
}

}  // namespace champion::engine
