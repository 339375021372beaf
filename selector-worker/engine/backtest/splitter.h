#pragma once

// Rolling-origin folds (docs/ENGINE.md section 2).

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/backtest/split_config.h"

namespace champion::engine {

//! One fold as half-open row ranges of the series: train [train_begin, train_end),
//! test [test_begin, test_end). Invariant: train_end + gap == test_begin (no leakage).
struct Fold {
  int index = 0;  //!< 0-based.
  int train_begin = 0;
  int train_end = 0;
  int test_begin = 0;
  int test_end = 0;

  friend bool operator==(const Fold&, const Fold&) = default;
};

//! Bounds of docs/ENGINE.md: n_splits 2..20, min_train_size >= 7, gap 0..30, horizon 1..90,
//! horizon > gap, and horizon == forecast_horizon. InvalidArgument naming the field.
absl::Status ValidateSplitConfig(const SplitConfig& config, int forecast_horizon);

//! Folds for a series of `n` points. Does not re-check ValidateSplitConfig's bounds but
//! needs min_train_size >= 1, horizon >= 1, gap >= 0, n_splits >= 1 (else InvalidArgument).
//! InvalidArgument naming n and min_train_size, gap and horizon when n is too short for
//! one fold. Reduces the fold count on short series as docs/ENGINE.md section 2, step 2 says.
absl::StatusOr<std::vector<Fold>> MakeFolds(int n, const SplitConfig& config);

}  // namespace champion::engine
