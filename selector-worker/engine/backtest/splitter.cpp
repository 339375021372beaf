#include "engine/backtest/splitter.h"

#include <algorithm>
#include <cassert>

#include "absl/strings/str_cat.h"

namespace champion::engine {
namespace {

absl::Status OutOfRange(const char* field, int value, const char* bounds) {
  return absl::InvalidArgumentError(
      absl::StrCat("split_config.", field, " must be ", bounds, ", got ", value));
}

}  // namespace

absl::Status ValidateSplitConfig(const SplitConfig& c, int forecast_horizon) {
  if (c.n_splits < 2 || c.n_splits > 20) return OutOfRange("n_splits", c.n_splits, "in [2, 20]");
  if (c.min_train_size < 7) return OutOfRange("min_train_size", c.min_train_size, ">= 7");
  if (c.gap < 0 || c.gap > 30) return OutOfRange("gap", c.gap, "in [0, 30]");
  if (c.horizon < 1 || c.horizon > 90) return OutOfRange("horizon", c.horizon, "in [1, 90]");
  if (c.horizon <= c.gap) {
    return absl::InvalidArgumentError(absl::StrCat("split_config.horizon (", c.horizon,
                                                   ") must be greater than gap (", c.gap, ")"));
  }
  if (c.horizon != forecast_horizon) {
    return absl::InvalidArgumentError(absl::StrCat("split_config.horizon (", c.horizon,
                                                   ") must equal forecast_horizon (",
                                                   forecast_horizon, ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Fold>> MakeFolds(int n, const SplitConfig& c) {
  if (c.min_train_size < 1 || c.horizon < 1 || c.gap < 0 || c.n_splits < 1) {
    return absl::InvalidArgumentError(
        "split_config needs min_train_size >= 1, horizon >= 1, gap >= 0 and n_splits >= 1");
  }
  const int needed = c.min_train_size + c.gap + c.horizon;
  if (n < needed) {
    return absl::InvalidArgumentError(
        absl::StrCat("series has ", n, " points but needs at least ", needed, " (min_train_size ",
                     c.min_train_size, " + gap ", c.gap, " + horizon ", c.horizon, ")"));
  }
  int folds = c.n_splits;
  if (n < c.min_train_size + c.gap + c.n_splits * c.horizon) {
    folds = std::min(c.n_splits, std::max(1, (n - c.min_train_size - c.gap) / c.horizon));
  }
  const int step =
      folds > 1 ? std::max(1, (n - c.min_train_size - c.gap - c.horizon) / (folds - 1)) : c.horizon;
  std::vector<Fold> out;
  for (int i = 0; i < folds; ++i) {
    Fold f;
    f.index = i;
    f.train_begin = c.strategy == SplitStrategy::kSliding ? i * step : 0;
    f.train_end = c.strategy == SplitStrategy::kSliding ? i * step + c.min_train_size
                                                        : c.min_train_size + i * step;
    f.test_begin = f.train_end + c.gap;
    f.test_end = f.test_begin + c.horizon;
    if (f.test_end > n) break;
    // No leakage by construction: the test window starts gap rows after training ends.
    assert(f.train_end <= f.test_begin - c.gap && f.train_begin < f.train_end);
    out.push_back(f);
  }
  return out;
}

}  // namespace champion::engine
