#include "engine/models/prophet_like.h"

#include <algorithm>
#include <cmath>

#include "common/status_macros.h"
#include "engine/models/model_registration.h"
#include "engine/models/model_util.h"

namespace champion::engine {
namespace {

double MedianOfFinite(const Eigen::VectorXd& column) {
  std::vector<double> v;
  for (double x : column) {
    if (std::isfinite(x)) v.push_back(x);
  }
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t mid = v.size() / 2;
  return v.size() % 2 == 1 ? v[mid] : 0.5 * (v[mid - 1] + v[mid]);
}

}  // namespace

Eigen::MatrixXd ProphetLikeModel::Design(std::span<const absl::CivilDay> dates,
                                         const FeatureFrame& f) const {
  Eigen::MatrixXd x(f.values.rows(), f.values.cols() + 1);
  for (Eigen::Index r = 0; r < f.values.rows(); ++r) {
    x(r, 0) = static_cast<double>(dates[static_cast<std::size_t>(r)] - origin_);
    for (Eigen::Index c = 0; c < f.values.cols(); ++c) {
      const double v = f.values(r, c);
      x(r, c + 1) = std::isfinite(v) ? v : medians_(c);
    }
  }
  return x;
}

absl::Status ProphetLikeModel::Fit(const FitInput& input, const CancelToken& cancel) {
  RETURN_IF_ERROR(NeedPoints("prophet_like", input.y.size(), 2));
  RETURN_IF_ERROR(CheckCancelled(cancel));
  if (input.features == nullptr || input.features->rows() != static_cast<int>(input.y.size())) {
    return absl::InvalidArgumentError("prophet_like needs a feature frame aligned with y");
  }
  origin_ = input.dates.front();
  medians_.resize(input.features->values.cols());
  for (Eigen::Index c = 0; c < medians_.size(); ++c) {
    medians_(c) = MedianOfFinite(input.features->values.col(c));
  }
  const Eigen::VectorXd y =
      Eigen::Map<const Eigen::VectorXd>(input.y.data(), static_cast<Eigen::Index>(input.y.size()));
  ASSIGN_OR_RETURN(fit_, FitRidge(Design(input.dates, *input.features), y, alpha_));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<double>> ProphetLikeModel::Forecast(
    const ForecastInput& input, const CancelToken& /*cancel*/) const {
  if (input.features == nullptr || input.features->rows() != static_cast<int>(input.dates.size())) {
    return absl::InvalidArgumentError("prophet_like needs a feature frame aligned with dates");
  }
  const Eigen::VectorXd f = fit_->Predict(Design(input.dates, *input.features));
  return std::vector<double>(f.begin(), f.end());
}

CHAMPION_REGISTER_MODEL(prophet_like) {
  struct Options {
    double alpha = 1.0;
  };
  ModelRegistration r =
      Facts(110, "prophet_like", "Prophet-like additive model", ModelFamily::kAdditive,
            "Ridge regression over the feature frame with median imputation; exposes an additive "
            "decomposition (trend, seasonality, holiday and price terms).");
  r.feature_aware = true;
  r.default_candidate = true;
  return WithParams(
      std::move(r),
      TypedParams<Options>().Number(&Options::alpha, "alpha", 0, 10000, 1.0, "Ridge penalty."),
      [](const Options& o) { return std::make_unique<ProphetLikeModel>(o.alpha); });
}

}  // namespace champion::engine
