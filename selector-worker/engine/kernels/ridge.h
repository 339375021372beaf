#pragma once

// Ridge regression with an unpenalised intercept (Eigen), as scikit-learn's Ridge fits it.

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace champion::engine {

struct RidgeFit {
  double intercept = 0.0;
  Eigen::VectorXd coefficients;  //!< One per column of X.

  //! intercept + x . coefficients for each row of x.
  Eigen::VectorXd Predict(const Eigen::MatrixXd& x) const;
};

//! Minimises |y - intercept - X b|^2 + alpha |b|^2 on centred data (alpha >= 0). With
//! alpha = 0 and collinear columns the minimum-norm-like LDLT solution is used.
//! InvalidArgument on size mismatch, no rows or non-finite input.
absl::StatusOr<RidgeFit> FitRidge(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double alpha);

}  // namespace champion::engine
