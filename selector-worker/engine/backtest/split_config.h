#pragma once

// The rolling-origin backtest configuration (docs/ENGINE.md section 2).

namespace champion::engine {

enum class SplitStrategy { kExpanding, kSliding };

//! Wire name: "expanding" or "sliding".
const char* SplitStrategyName(SplitStrategy strategy);

//! Defaults are docs/ENGINE.md's. Bounds (checked by ValidateSplitConfig in splitter.h):
//! n_splits 2..20, min_train_size >= 7, gap 0..30, horizon 1..90, horizon > gap.
struct SplitConfig {
  SplitStrategy strategy = SplitStrategy::kExpanding;
  int n_splits = 5;
  int min_train_size = 30;
  int gap = 0;
  int horizon = 14;
};

}  // namespace champion::engine
