#pragma once

// RAII wrappers over the XGBoost C API (libxgboost 1.7). Internal to the tree models.

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace champion::engine {

//! A dense XGBoost DMatrix. NaN cells are missing values (XGBoost routes them natively).
//! Move-only; frees its handle on destruction.
class XgbMatrix {
 public:
  //! Copies `x` (row per observation) as float32. Internal error on an XGBoost failure.
  static absl::StatusOr<XgbMatrix> FromDense(const Eigen::MatrixXd& x);
  XgbMatrix(XgbMatrix&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  XgbMatrix& operator=(XgbMatrix&& other) noexcept;
  XgbMatrix(const XgbMatrix&) = delete;
  XgbMatrix& operator=(const XgbMatrix&) = delete;
  ~XgbMatrix();

  //! Sets the training labels (one per row).
  absl::Status SetLabels(std::span<const double> labels);
  void* handle() const { return handle_; }

 private:
  explicit XgbMatrix(void* handle) : handle_(handle) {}
  void* handle_ = nullptr;
};

//! One XGBoost booster bound to a training matrix. Move-only; frees its handle.
//! Not thread-safe: use one booster from one thread.
class XgbBooster {
 public:
  //! A booster whose cache holds `train` (which must outlive training).
  static absl::StatusOr<XgbBooster> Create(const XgbMatrix& train);
  XgbBooster(XgbBooster&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  XgbBooster& operator=(XgbBooster&& other) noexcept;
  XgbBooster(const XgbBooster&) = delete;
  XgbBooster& operator=(const XgbBooster&) = delete;
  ~XgbBooster();

  //! Sets each (name, value) pair in order. Internal error naming the param on failure.
  absl::Status SetParams(const std::vector<std::pair<std::string, std::string>>& params);
  //! Runs boosting round `iteration` (0-based) on `train`.
  absl::Status UpdateOneIter(int iteration, const XgbMatrix& train);
  //! Predictions of all trees for every row of `x`.
  absl::StatusOr<std::vector<double>> Predict(const XgbMatrix& x) const;

 private:
  explicit XgbBooster(void* handle) : handle_(handle) {}
  void* handle_ = nullptr;
};

}  // namespace champion::engine
