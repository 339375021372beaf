#include "engine/models/tree_models.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "engine/models/model_registration.h"
#include "engine/models/model_util.h"

namespace champion::engine {
namespace {

constexpr int kSeed = 42;
constexpr int kLagColumns = 4;  // lag_1, lag_7, lag_14, lag_28 lead kFeatureColumns.

std::string Num(double v) { return absl::StrFormat("%.17g", v); }

absl::Status CheckFrame(const std::string& model, const FeatureFrame* f, std::size_t rows,
                        const char* what) {
  if (f != nullptr && f->rows() == static_cast<int>(rows)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(model, " needs a feature frame aligned with ", what));
}

}  // namespace

Eigen::MatrixXd HorizonMaskedRows(const Eigen::MatrixXd& x) {
  const Eigen::Index n = x.rows();
  Eigen::MatrixXd out(n * kLagMaskPatterns, x.cols());
  for (int p = 0; p < kLagMaskPatterns; ++p) {
    out.middleRows(p * n, n) = x;
    for (int c = 0; c < std::min<int>(p, kLagColumns); ++c) {
      out.block(p * n, c, n, 1).setConstant(std::numeric_limits<double>::quiet_NaN());
    }
  }
  return out;
}

Eigen::MatrixXd EncodeMissingLags(Eigen::MatrixXd x, double value) {
  for (int c = 0; c < std::min<int>(kLagColumns, static_cast<int>(x.cols())); ++c) {
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
      if (std::isnan(x(r, c))) x(r, c) = value;
    }
  }
  return x;
}

Eigen::MatrixXd TreeModel::Encode(Eigen::MatrixXd x) const {
  if (!options_.missing_lag_value) return x;
  return EncodeMissingLags(std::move(x), *options_.missing_lag_value);
}

std::vector<std::pair<std::string, std::string>> TreeModel::BoosterParams(double base_score,
                                                                          int seed) const {
  std::vector<std::pair<std::string, std::string>> p = {
      {"objective", "reg:squarederror"},
      {"nthread", "1"},
      {"seed", absl::StrCat(seed)},
      {"verbosity", "0"},
      {"base_score", Num(base_score)},
      {"min_child_weight", absl::StrCat(options_.min_child_weight)}};
  switch (options_.kind) {
    case TreeKind::kHistBoosting:
      p.emplace_back("tree_method", "hist");
      p.emplace_back("max_bin", absl::StrCat(options_.max_bin));
      if (options_.colsample_bynode < 1.0) {
        p.emplace_back("colsample_bynode", Num(options_.colsample_bynode));
      }
      break;
    case TreeKind::kExactBoosting:
      p.emplace_back("tree_method", "exact");
      break;
    case TreeKind::kRandomForest:
      // XGBRFRegressor's defaults: row and per-node column sampling, no shrinkage and a
      // negligible L2 penalty so leaves are plain means.
      p.insert(p.end(), {{"tree_method", "hist"},
                         {"subsample", "0.8"},
                         {"colsample_bynode", "0.8"},
                         {"lambda", "1e-5"}});
      break;
  }
  const bool forest = options_.kind == TreeKind::kRandomForest;
  p.emplace_back("eta", forest ? "1" : Num(options_.learning_rate));
  if (options_.max_depth) {
    p.emplace_back("max_depth", absl::StrCat(*options_.max_depth));
    if (options_.max_leaves > 0) p.emplace_back("max_leaves", absl::StrCat(options_.max_leaves));
  } else {
    p.insert(p.end(), {{"max_depth", "0"}, {"grow_policy", "lossguide"}, {"max_leaves", "0"}});
  }
  return p;
}

absl::Status TreeModel::FitBoosting(const XgbMatrix& train, double base_score,
                                    const CancelToken& cancel) {
  ASSIGN_OR_RETURN(XgbBooster booster, XgbBooster::Create(train));
  RETURN_IF_ERROR(booster.SetParams(BoosterParams(base_score, kSeed)));
  for (int round = 0; round < options_.rounds; ++round) {
    RETURN_IF_ERROR(CheckCancelled(cancel));
    RETURN_IF_ERROR(booster.UpdateOneIter(round, train));
  }
  boosters_.push_back(std::move(booster));
  trees_.push_back(options_.rounds);
  return absl::OkStatus();
}

absl::Status TreeModel::FitForest(const XgbMatrix& train, double base_score,
                                  const CancelToken& cancel) {
  for (int done = 0, chunk = 0; done < options_.rounds; done += kForestChunk, ++chunk) {
    RETURN_IF_ERROR(CheckCancelled(cancel));
    const int trees = std::min(kForestChunk, options_.rounds - done);
    ASSIGN_OR_RETURN(XgbBooster booster, XgbBooster::Create(train));
    auto params = BoosterParams(base_score, kSeed + chunk);
    params.emplace_back("num_parallel_tree", absl::StrCat(trees));
    RETURN_IF_ERROR(booster.SetParams(params));
    RETURN_IF_ERROR(booster.UpdateOneIter(0, train));
    boosters_.push_back(std::move(booster));
    trees_.push_back(trees);
  }
  return absl::OkStatus();
}

absl::Status TreeModel::Fit(const FitInput& input, const CancelToken& cancel) {
  RETURN_IF_ERROR(NeedPoints(model_type_.c_str(), input.y.size(), 2));
  RETURN_IF_ERROR(CheckFrame(model_type_, input.features, input.y.size(), "y"));
  RETURN_IF_ERROR(CheckCancelled(cancel));
  boosters_.clear();
  trees_.clear();
  ASSIGN_OR_RETURN(XgbMatrix train,
                   XgbMatrix::FromDense(Encode(HorizonMaskedRows(input.features->values))));
  std::vector<double> labels;
  labels.reserve(input.y.size() * kLagMaskPatterns);
  for (int p = 0; p < kLagMaskPatterns; ++p)
    labels.insert(labels.end(), input.y.begin(), input.y.end());
  RETURN_IF_ERROR(train.SetLabels(labels));
  const double base_score =
      std::accumulate(input.y.begin(), input.y.end(), 0.0) / static_cast<double>(input.y.size());
  return options_.kind == TreeKind::kRandomForest ? FitForest(train, base_score, cancel)
                                                  : FitBoosting(train, base_score, cancel);
}

absl::StatusOr<std::vector<double>> TreeModel::Forecast(const ForecastInput& input,
                                                        const CancelToken& cancel) const {
  RETURN_IF_ERROR(CheckFrame(model_type_, input.features, input.dates.size(), "dates"));
  if (boosters_.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(model_type_, " was not fitted"));
  }
  ASSIGN_OR_RETURN(XgbMatrix x, XgbMatrix::FromDense(Encode(input.features->values)));
  std::vector<double> sum(input.dates.size(), 0.0);
  int total = 0;
  for (std::size_t b = 0; b < boosters_.size(); ++b) {
    RETURN_IF_ERROR(CheckCancelled(cancel));
    ASSIGN_OR_RETURN(std::vector<double> f, boosters_[b].Predict(x));
    if (f.size() != sum.size()) return absl::InternalError("xgboost returned a wrong shape");
    for (std::size_t i = 0; i < f.size(); ++i) sum[i] += trees_[b] * f[i];
    total += trees_[b];
  }
  for (double& v : sum) v /= total;
  return sum;
}

namespace {

struct BoosterOptions {
  int n_estimators = 100;
  int max_depth = 6;
  double learning_rate = 0.1;
};

TypedParams<BoosterOptions> BoosterParams() {
  return TypedParams<BoosterOptions>()
      .Integer(&BoosterOptions::n_estimators, "n_estimators", 10, 1000, 100,
               "Number of boosting rounds.")
      .Integer(&BoosterOptions::max_depth, "max_depth", 1, 20, 6, "Maximum tree depth.")
      .Number(&BoosterOptions::learning_rate, "learning_rate", 0.001, 1, 0.1,
              "Shrinkage per boosting round.");
}

ModelRegistration TreeFacts(int order, std::string model_type, std::string label,
                            std::string description) {
  ModelRegistration r = Facts(order, std::move(model_type), std::move(label), ModelFamily::kTree,
                              std::move(description));
  r.feature_aware = true;
  return r;
}

}  // namespace

CHAMPION_REGISTER_MODEL(regression) {
  struct Options {
    int max_iter = 200;
    double learning_rate = 0.05;
    int max_depth = 6;
  };
  ModelRegistration r = TreeFacts(70, "regression", "Gradient-boosted regression",
                                  "Histogram gradient-boosted trees over the feature frame.");
  r.default_candidate = true;
  return WithParams(
      std::move(r),
      TypedParams<Options>()
          .Integer(&Options::max_iter, "max_iter", 10, 1000, 200, "Number of boosting rounds.")
          .Number(&Options::learning_rate, "learning_rate", 0.001, 1, 0.05,
                  "Shrinkage per boosting round.")
          .Integer(&Options::max_depth, "max_depth", 1, 20, 6, "Maximum tree depth."),
      [](const Options& o) {
        return std::make_unique<TreeModel>(
            "regression",
            TreeOptions{.kind = TreeKind::kHistBoosting,
                        .rounds = o.max_iter,
                        .learning_rate = o.learning_rate,
                        .max_depth = o.max_depth,
                        .max_leaves = kRegressionMaxLeaves,
                        .min_child_weight = kRegressionMinDaysPerLeaf * kLagMaskPatterns,
                        .max_bin = kRegressionMaxBin,
                        .colsample_bynode = kRegressionColsampleByNode,
                        .missing_lag_value = kRegressionMissingLag});
      });
}

CHAMPION_REGISTER_MODEL(random_forest) {
  struct Options {
    int n_estimators = 100;
    std::optional<int> max_depth = 10;
    int min_samples_leaf = 2;
  };
  ModelRegistration r =
      TreeFacts(80, "random_forest", "Random forest", "Random forest over the feature frame.");
  return WithParams(
      std::move(r),
      TypedParams<Options>()
          .Integer(&Options::n_estimators, "n_estimators", 10, 500, 100, "Number of trees.")
          .OptionalInteger(&Options::max_depth, "max_depth", 2, 64, 10,
                           "Maximum tree depth; null = unlimited.")
          .Integer(&Options::min_samples_leaf, "min_samples_leaf", 1, 50, 2,
                   "Minimum observations per leaf."),
      [](const Options& o) {
        return std::make_unique<TreeModel>("random_forest",
                                           TreeOptions{.kind = TreeKind::kRandomForest,
                                                       .rounds = o.n_estimators,
                                                       .learning_rate = 1.0,
                                                       .max_depth = o.max_depth,
                                                       .min_child_weight = o.min_samples_leaf});
      });
}

CHAMPION_REGISTER_MODEL(xgboost) {
  ModelRegistration r =
      TreeFacts(90, "xgboost", "XGBoost", "XGBoost gradient-boosted trees over the feature frame.");
  r.requires_extra = true;
  return WithParams(std::move(r), BoosterParams(), [](const BoosterOptions& o) {
    return std::make_unique<TreeModel>("xgboost", TreeOptions{.kind = TreeKind::kExactBoosting,
                                                              .rounds = o.n_estimators,
                                                              .learning_rate = o.learning_rate,
                                                              .max_depth = o.max_depth});
  });
}

CHAMPION_REGISTER_MODEL(lightgbm) {
  ModelRegistration r = TreeFacts(100, "lightgbm", "LightGBM",
                                  "LightGBM gradient-boosted trees over the feature frame.");
  r.requires_extra = true;
  r.unavailable_reason = "LightGBM is not available in this build";
  r.schema = BoosterParams().schema();
  return r;
}

}  // namespace champion::engine
