#include "engine/models/xgb_handle.h"

#include <xgboost/c_api.h>

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"

namespace champion::engine {
namespace {

// XGBoost reports failures as -1 with a thread-local message.
absl::Status Check(int rc, const char* what) {
  if (rc == 0) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("xgboost ", what, " failed: ", XGBGetLastError()));
}

constexpr char kPredictConfig[] =
    R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, )"
    R"("strict_shape": false})";

}  // namespace

absl::StatusOr<XgbMatrix> XgbMatrix::FromDense(const Eigen::MatrixXd& x) {
  std::vector<float> data;
  data.reserve(static_cast<std::size_t>(x.size()));
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index c = 0; c < x.cols(); ++c) data.push_back(static_cast<float>(x(r, c)));
  }
  DMatrixHandle h = nullptr;
  const float missing = std::numeric_limits<float>::quiet_NaN();
  const absl::Status st =
      Check(XGDMatrixCreateFromMat_omp(data.data(), static_cast<bst_ulong>(x.rows()),
                                       static_cast<bst_ulong>(x.cols()), missing, &h, 1),
            "DMatrix creation");
  if (!st.ok()) return st;
  return XgbMatrix(h);
}

XgbMatrix& XgbMatrix::operator=(XgbMatrix&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) XGDMatrixFree(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}

XgbMatrix::~XgbMatrix() {
  if (handle_ != nullptr) XGDMatrixFree(handle_);
}

absl::Status XgbMatrix::SetLabels(std::span<const double> labels) {
  std::vector<float> f(labels.begin(), labels.end());
  return Check(XGDMatrixSetFloatInfo(handle_, "label", f.data(), static_cast<bst_ulong>(f.size())),
               "set labels");
}

absl::StatusOr<XgbBooster> XgbBooster::Create(const XgbMatrix& train) {
  BoosterHandle h = nullptr;
  DMatrixHandle cache[] = {train.handle()};
  const absl::Status st = Check(XGBoosterCreate(cache, 1, &h), "booster creation");
  if (!st.ok()) return st;
  return XgbBooster(h);
}

XgbBooster& XgbBooster::operator=(XgbBooster&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) XGBoosterFree(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}

XgbBooster::~XgbBooster() {
  if (handle_ != nullptr) XGBoosterFree(handle_);
}

absl::Status XgbBooster::SetParams(const std::vector<std::pair<std::string, std::string>>& params) {
  for (const auto& [name, value] : params) {
    const absl::Status st = Check(XGBoosterSetParam(handle_, name.c_str(), value.c_str()),
                                  absl::StrCat("param ", name, "=", value).c_str());
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

absl::Status XgbBooster::UpdateOneIter(int iteration, const XgbMatrix& train) {
  return Check(XGBoosterUpdateOneIter(handle_, iteration, train.handle()), "boosting round");
}

absl::StatusOr<std::vector<double>> XgbBooster::Predict(const XgbMatrix& x) const {
  bst_ulong const* shape = nullptr;
  bst_ulong dim = 0;
  float const* out = nullptr;
  const absl::Status st =
      Check(XGBoosterPredictFromDMatrix(handle_, x.handle(), kPredictConfig, &shape, &dim, &out),
            "prediction");
  if (!st.ok()) return st;
  bst_ulong n = 1;
  for (bst_ulong i = 0; i < dim; ++i) n *= shape[i];
  // The buffer belongs to the booster and lives until its next call: copy it now.
  return std::vector<double>(out, out + n);
}

}  // namespace champion::engine
