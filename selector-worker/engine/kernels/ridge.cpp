#include "engine/kernels/ridge.h"

#include "Eigen/Dense"
#include "absl/status/status.h"

namespace champion::engine {

Eigen::VectorXd RidgeFit::Predict(const Eigen::MatrixXd& x) const {
  return (x * coefficients).array() + intercept;
}

absl::StatusOr<RidgeFit> FitRidge(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                  double alpha) {
  if (x.rows() != y.size() || x.rows() == 0 || !(alpha >= 0)) {
    return absl::InvalidArgumentError("ridge needs X and y with the same rows > 0, alpha >= 0");
  }
  if (!x.allFinite() || !y.allFinite()) {
    return absl::InvalidArgumentError("ridge needs finite inputs");
  }
  const Eigen::RowVectorXd x_mean = x.colwise().mean();
  const double y_mean = y.mean();
  const Eigen::MatrixXd xc = x.rowwise() - x_mean;
  const Eigen::VectorXd yc = y.array() - y_mean;
  // A tiny jitter keeps the system positive definite when alpha = 0 and columns are
  // constant in the training window (e.g. a month indicator that never occurs).
  const double jitter = alpha > 0 ? 0.0 : 1e-9;
  Eigen::MatrixXd gram = xc.transpose() * xc;
  gram.diagonal().array() += alpha + jitter;
  RidgeFit fit;
  fit.coefficients = gram.ldlt().solve(xc.transpose() * yc);
  fit.intercept = y_mean - x_mean.dot(fit.coefficients);
  return fit;
}

}  // namespace champion::engine
