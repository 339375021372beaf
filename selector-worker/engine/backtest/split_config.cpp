#include "engine/backtest/split_config.h"

namespace champion::engine {

const char* SplitStrategyName(SplitStrategy strategy) {
  switch (strategy) {
    case SplitStrategy::kExpanding:
      return "expanding";
    case SplitStrategy::kSliding:
      return "sliding";
  }
  return "unknown";
}

}  // namespace champion::engine
