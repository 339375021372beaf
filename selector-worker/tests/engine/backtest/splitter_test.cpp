#include "engine/backtest/splitter.h"

#include <catch2/catch.hpp>

namespace champion::engine {
namespace {

std::vector<int> TestStarts(const std::vector<Fold>& folds) {
  std::vector<int> starts;
  for (const Fold& f : folds) starts.push_back(f.test_begin);
  return starts;
}

void CheckNoLeakage(const std::vector<Fold>& folds, const SplitConfig& c, int n) {
  for (const Fold& f : folds) {
    CHECK(f.train_begin >= 0);
    CHECK(f.train_begin < f.train_end);
    CHECK(f.train_end + c.gap == f.test_begin);
    CHECK(f.test_end - f.test_begin == c.horizon);
    CHECK(f.test_end <= n);
  }
}

TEST_CASE("Splitter worked examples", "[engine][splitter]") {
  SECTION("n=120 defaults: step 19") {
    absl::StatusOr<std::vector<Fold>> folds = MakeFolds(120, {});
    REQUIRE(folds.ok());
    CHECK(TestStarts(*folds) == std::vector<int>{30, 49, 68, 87, 106});
    CHECK(folds->back().train_end == 106);
    CHECK(folds->back().test_end == 120);
    CheckNoLeakage(*folds, {}, 120);
  }
  SECTION("n=50: one fold") {
    absl::StatusOr<std::vector<Fold>> folds = MakeFolds(50, {});
    REQUIRE(folds.ok());
    REQUIRE(folds->size() == 1);
    CHECK((*folds)[0] ==
          Fold{.index = 0, .train_begin = 0, .train_end = 30, .test_begin = 30, .test_end = 44});
  }
}

TEST_CASE("Splitter sliding windows keep the training size", "[engine][splitter]") {
  SplitConfig c{.strategy = SplitStrategy::kSliding};
  absl::StatusOr<std::vector<Fold>> folds = MakeFolds(120, c);
  REQUIRE(folds.ok());
  REQUIRE(folds->size() == 5);
  for (const Fold& f : *folds) CHECK(f.train_end - f.train_begin == 30);
  CHECK((*folds)[1].train_begin == 19);
  CheckNoLeakage(*folds, c, 120);
}

TEST_CASE("Splitter honours the gap", "[engine][splitter]") {
  SplitConfig c{.gap = 3};
  absl::StatusOr<std::vector<Fold>> folds = MakeFolds(120, c);
  REQUIRE(folds.ok());
  // step = (120 - 30 - 3 - 14) / 4 = 18
  CHECK(TestStarts(*folds) == std::vector<int>{33, 51, 69, 87, 105});
  CheckNoLeakage(*folds, c, 120);
}

TEST_CASE("Splitter reduces folds when history is short", "[engine][splitter]") {
  absl::StatusOr<std::vector<Fold>> folds = MakeFolds(75, {});  // (75-30)/14 = 3 folds.
  REQUIRE(folds.ok());
  // step = (75 - 30 - 14) / 2 = 15
  CHECK(TestStarts(*folds) == std::vector<int>{30, 45, 60});
  CheckNoLeakage(*folds, {}, 75);
}

TEST_CASE("Splitter rejects too short series naming the numbers", "[engine][splitter]") {
  absl::StatusOr<std::vector<Fold>> folds = MakeFolds(40, {.gap = 2});
  REQUIRE_FALSE(folds.ok());
  CHECK(folds.status().message() ==
        "series has 40 points but needs at least 46 (min_train_size 30 + gap 2 + horizon 14)");
}

TEST_CASE("ValidateSplitConfig bounds", "[engine][splitter]") {
  CHECK(ValidateSplitConfig({}, 14).ok());
  CHECK_FALSE(ValidateSplitConfig({.n_splits = 1}, 14).ok());
  CHECK_FALSE(ValidateSplitConfig({.n_splits = 21}, 14).ok());
  CHECK_FALSE(ValidateSplitConfig({.min_train_size = 6}, 14).ok());
  CHECK_FALSE(ValidateSplitConfig({.gap = 31}, 14).ok());
  CHECK_FALSE(ValidateSplitConfig({.horizon = 91}, 91).ok());
  CHECK(ValidateSplitConfig({.gap = 5, .horizon = 5}, 5).message() ==
        "split_config.horizon (5) must be greater than gap (5)");
  CHECK(ValidateSplitConfig({}, 7).message() ==
        "split_config.horizon (14) must equal forecast_horizon (7)");
}

}  // namespace
}  // namespace champion::engine
