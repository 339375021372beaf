#include "seed/demo_data.h"

#include <catch2/catch.hpp>
#include <map>
#include <set>

namespace champion::seed {
namespace {

// Availability facts of one pair, as docs/ENGINE.md section 7 computes them.
struct PairStats {
  int observed = 0;
  int zero_days = 0;
  double total = 0;
  absl::CivilDay first = absl::CivilDay::max();
  absl::CivilDay last = absl::CivilDay::min();
  int ExpectedDays() const { return static_cast<int>(last - first) + 1; }
  double Coverage() const { return static_cast<double>(observed) / ExpectedDays(); }
};

std::map<std::pair<int64_t, int64_t>, PairStats> StatsByPair(const DemoData& data) {
  std::map<std::pair<int64_t, int64_t>, PairStats> stats;
  for (const DemoSale& sale : data.sales) {
    PairStats& s = stats[{sale.store_id, sale.product_id}];
    ++s.observed;
    s.zero_days += sale.quantity == 0 ? 1 : 0;
    s.total += sale.quantity;
    s.first = std::min(s.first, sale.date);
    s.last = std::max(s.last, sale.date);
  }
  return stats;
}

const DemoData& Default() {
  static const DemoData data = *GenerateDemoData({});
  return data;
}

TEST_CASE("GenerateDemoData is deterministic for a seed", "[seed][demo]") {
  absl::StatusOr<DemoData> again = GenerateDemoData({});
  REQUIRE(again.ok());
  CHECK(*again == Default());

  Options other;
  other.seed = 43;
  absl::StatusOr<DemoData> different = GenerateDemoData(other);
  REQUIRE(different.ok());
  CHECK_FALSE(different->sales == Default().sales);
}

TEST_CASE("GenerateDemoData has the requested shape", "[seed][demo]") {
  const DemoData& data = Default();
  CHECK(data.start_date == absl::CivilDay(2024, 7, 1));
  CHECK(data.end_date == absl::CivilDay(2026, 6, 30));
  REQUIRE(data.stores.size() == 5);
  REQUIRE(data.products.size() == 20);
  CHECK(data.calendar.size() == 730);
  CHECK(data.stores[0].id == 1);
  CHECK(data.stores[0].code == "S001");
  CHECK(data.products[0].sku == "SKU-0001");
  std::set<std::string> codes;
  for (const auto& s : data.stores) codes.insert(s.code);
  CHECK(codes.size() == 5);
  for (const DemoSale& sale : data.sales) {
    REQUIRE(sale.quantity >= 0);
    REQUIRE(sale.date >= data.start_date);
    REQUIRE(sale.date <= data.end_date);
    if (sale.unit_price) REQUIRE(*sale.unit_price > 0);
  }
  CHECK(data.sales.size() > 50000);
}

TEST_CASE("GenerateDemoData makes pair (1,1) ready and some pairs limited or unusable",
          "[seed][demo]") {
  const auto stats = StatsByPair(Default());
  const PairStats& first = stats.at({1, 1});
  CHECK(first.observed >= 120);
  CHECK(first.Coverage() >= 0.8);
  CHECK(first.total / first.observed > 5.0);

  int ready = 0, limited = 0, unusable = 0;
  for (const auto& [pair, s] : stats) {
    // docs/ENGINE.md section 7 at the defaults: horizon 14, min_train 30, n_splits 5.
    if (s.observed >= 30 + 14 * 5 && s.Coverage() >= 0.8) {
      ++ready;
    } else if (s.observed >= 30 + 14) {
      ++limited;
      CHECK(s.observed < 100);
    } else {
      ++unusable;
    }
  }
  CHECK(ready >= 80);
  CHECK(limited >= 1);
  CHECK(unusable >= 1);
  CHECK(stats.size() == 100);  // every pair has some history
}

TEST_CASE("GenerateDemoData has slow movers, missing days, promotions and holidays",
          "[seed][demo]") {
  const DemoData& data = Default();
  const auto stats = StatsByPair(data);
  const PairStats& slow = stats.at({1, 4});
  CHECK(slow.zero_days > slow.observed / 3);

  int pairs_with_gaps = 0;
  for (const auto& [pair, s] : stats) pairs_with_gaps += s.observed < s.ExpectedDays() ? 1 : 0;
  CHECK(pairs_with_gaps > 50);

  bool store_specific = false, chain_product = false, chain_all = false;
  for (const DemoPromotion& p : data.promotions) {
    store_specific |= p.store_id.has_value();
    chain_product |= !p.store_id && p.product_id;
    chain_all |= !p.store_id && !p.product_id;
    CHECK(p.start_date <= p.end_date);
    CHECK(p.discount_pct > 0);
  }
  CHECK(store_specific);
  CHECK(chain_product);
  CHECK(chain_all);

  int holidays = 0;
  for (const DemoCalendarDay& d : data.calendar) holidays += d.holiday_name ? 1 : 0;
  CHECK(holidays >= 20);

  bool weight_product = false, unknown_launch = false, mid_launch = false;
  for (const DemoProduct& p : data.products) {
    weight_product |= p.unit_of_measure == "kg";
    unknown_launch |= !p.launch_date;
    mid_launch |= p.launch_date && *p.launch_date > data.start_date;
  }
  CHECK(weight_product);
  CHECK(unknown_launch);
  CHECK(mid_launch);
}

TEST_CASE("GenerateDemoData validates options", "[seed][demo]") {
  Options bad;
  bad.stores = 0;
  CHECK(GenerateDemoData(bad).status().code() == absl::StatusCode::kInvalidArgument);
  bad = {};
  bad.days = 0;
  CHECK(GenerateDemoData(bad).status().code() == absl::StatusCode::kInvalidArgument);
  Options tiny;
  tiny.stores = 1;
  tiny.products = 1;
  tiny.days = 10;
  absl::StatusOr<DemoData> data = GenerateDemoData(tiny);
  REQUIRE(data.ok());
  CHECK(data->sales.size() <= 10);
}

}  // namespace
}  // namespace champion::seed
