#pragma once

// The tree models over the feature frame, all on XGBoost (docs/ENGINE.md section 4):
// regression (histogram gradient boosting), random_forest (XGBoost's random-forest mode)
// and xgboost (exact greedy gradient boosting).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "Eigen/Core"
#include "engine/models/model.h"
#include "engine/models/xgb_handle.h"

namespace champion::engine {

enum class TreeKind {
  kHistBoosting,  //!< regression: tree_method=hist, `rounds` boosting rounds.
  kRandomForest,  //!< random_forest: one round of `rounds` parallel trees, eta 1.
  kExactBoosting  //!< xgboost: tree_method=exact, `rounds` boosting rounds.
};

struct TreeOptions {
  TreeKind kind = TreeKind::kHistBoosting;
  int rounds = 100;            //!< Boosting rounds, or trees of the forest.
  double learning_rate = 0.1;  //!< Ignored by the forest (eta 1).
  //! nullopt = unlimited (forest only): max_depth 0 with grow_policy=lossguide.
  std::optional<int> max_depth = 6;
  //! Trees grow level by level (depthwise) to max_depth; > 0 (with a max_depth): a tree
  //! stops growing at this many leaves.
  int max_leaves = 0;
  int min_child_weight = 1;  //!< = minimum training rows per leaf (squared error: hessian 1).
  int max_bin = 256;         //!< Histogram bins per feature (kHistBoosting only).
  //! Share of the features each node's split search considers (kHistBoosting only; seeded).
  double colsample_bynode = 1.0;
  //! nullopt: a missing lag stays NaN (XGBoost's missing-value routing). A value: missing
  //! lags (lag_1 .. lag_28 NaN cells, in training and forecast rows) are encoded as it.
  std::optional<double> missing_lag_value;
};

//! regression's histogram settings (not user params). Its series are short (a few hundred
//! to a few thousand rows x 14 features, most of them with few distinct values), so 32 bins
//! per feature and a per-node feature sample of 80 % cut the split search, XGBoost's
//! dominant cost, by ~40 % with backtest accuracy unchanged within noise on the benchmark
//! series (WAPE 14.9 vs 15.2 with 256 bins and all features; docs/BENCHMARKS.md).
inline constexpr int kRegressionMaxBin = 32;
inline constexpr double kRegressionColsampleByNode = 0.8;
//! regression's tree size follows its reference, scikit-learn's HistGradientBoostingRegressor
//! (whose max_iter / learning_rate / max_depth are its params) with that library's defaults:
//! at most 31 leaves, and at least 20 training days per leaf. Each day is trained in
//! kLagMaskPatterns copies, so a leaf needs 20 x kLagMaskPatterns rows. Before, a tree grew
//! every level to max_depth with leaves of a single row: on nine synthetic series the
//! backtest WAPE moves from 16.3 to 16.8 on average (every series still below the Python
//! peer's HistGradientBoosting) for half the fitting time. The reference grows its leaves
//! best-first; ours grow level by level up to the 31, which XGBoost does in one pass per
//! level instead of one per leaf: 17 % faster, mean WAPE on the same nine series 17.38
//! against 17.35 (docs/BENCHMARKS.md).
inline constexpr int kRegressionMaxLeaves = 31;
inline constexpr int kRegressionMinDaysPerLeaf = 20;
//! regression encodes a missing lag as -1, below every quantity (quantities are >= 0), so a
//! tree still separates "unknown" from any known value with one threshold, but XGBoost sees
//! no missing cells: it skips its second (missing-to-the-left) split enumeration and its
//! missing-aware row partition. ~17 % faster, WAPE 15.08 vs 14.86 on the benchmark series
//! (noise level, docs/BENCHMARKS.md).
inline constexpr double kRegressionMissingLag = -1.0;

//! Trees per forest chunk: the forest is trained as ceil(n/10) boosters of <= 10 parallel
//! trees (seeds 42, 43, ...) whose predictions are averaged weighted by tree count, so the
//! cancel token is checked at least every 10 trees.
inline constexpr int kForestChunk = 10;

//! Stacks kLagMaskPatterns copies of `x`; copy p has its first p lag columns (lag_1, lag_7,
//! lag_14, lag_28 in kFeatureColumns order) set to NaN. Test step h (1-based after the
//! training end) sees lag_k only when k >= h, so training on every pattern teaches the
//! trees the missingness they meet at each horizon, using training rows only.
inline constexpr int kLagMaskPatterns = 5;
Eigen::MatrixXd HorizonMaskedRows(const Eigen::MatrixXd& x);

//! `x` with the NaN cells of its lag columns (the first four) replaced by `value`.
Eigen::MatrixXd EncodeMissingLags(Eigen::MatrixXd x, double value);

//! A tree model. Fit needs a feature frame aligned with y (>= 2 rows); Forecast needs one
//! aligned with the dates. Deterministic: nthread 1, seed 42, base_score = training mean.
//! Checks the cancel token before every boosting round (every forest chunk) and every
//! prediction pass.
class TreeModel final : public Forecaster {
 public:
  TreeModel(std::string model_type, TreeOptions options)
      : model_type_(std::move(model_type)), options_(options) {}
  absl::Status Fit(const FitInput& input, const CancelToken& cancel) override;
  absl::StatusOr<std::vector<double>> Forecast(const ForecastInput& input,
                                               const CancelToken& cancel) const override;

 private:
  //! x with missing lags encoded per options_.missing_lag_value.
  Eigen::MatrixXd Encode(Eigen::MatrixXd x) const;
  std::vector<std::pair<std::string, std::string>> BoosterParams(double base_score, int seed) const;
  absl::Status FitBoosting(const XgbMatrix& train, double base_score, const CancelToken& cancel);
  absl::Status FitForest(const XgbMatrix& train, double base_score, const CancelToken& cancel);

  std::string model_type_;
  TreeOptions options_;
  std::vector<XgbBooster> boosters_;  //!< One, or one per forest chunk.
  std::vector<int> trees_;            //!< Trees per booster (the averaging weights).
};

}  // namespace champion::engine
