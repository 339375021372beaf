#include "engine/series/features.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

namespace champion::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kLags[] = {1, 7, 14, 28};

// Upper median of the positive recorded prices, or nullopt when there are none.
std::optional<double> ReferencePrice(const Series& s) {
  std::vector<double> prices;
  for (const std::optional<double>& p : s.unit_prices) {
    if (p && *p > 0 && std::isfinite(*p)) prices.push_back(*p);
  }
  if (prices.empty()) return std::nullopt;
  std::sort(prices.begin(), prices.end());
  return prices[prices.size() / 2];
}

}  // namespace

int DayOfWeekIndex(absl::CivilDay d) {
  switch (absl::GetWeekday(d)) {
    case absl::Weekday::monday:
      return 0;
    case absl::Weekday::tuesday:
      return 1;
    case absl::Weekday::wednesday:
      return 2;
    case absl::Weekday::thursday:
      return 3;
    case absl::Weekday::friday:
      return 4;
    case absl::Weekday::saturday:
      return 5;
    case absl::Weekday::sunday:
      return 6;
  }
  return 0;
}

FeatureFrame BuildFeatureFrame(const Series& s, int begin, int end, int known_end) {
  assert(0 <= begin && begin <= end && end <= s.size());
  const std::optional<double> ref_price = ReferencePrice(s);
  FeatureFrame frame;
  frame.values.resize(end - begin, static_cast<Eigen::Index>(kFeatureColumns.size()));
  constexpr double kTwoPi = 2.0 * std::numbers::pi;
  for (int i = begin; i < end; ++i) {
    auto row = frame.values.row(i - begin);
    for (int l = 0; l < 4; ++l) {
      const int src = i - kLags[l];
      row(l) = src >= 0 && src < known_end ? s.values[src] : kNaN;
    }
    const absl::CivilDay d = s.dates[i];
    const int dow = DayOfWeekIndex(d);
    row(4) = std::sin(kTwoPi * dow / 7.0);
    row(5) = std::cos(kTwoPi * dow / 7.0);
    row(6) = std::sin(kTwoPi * (d.month() - 1) / 12.0);
    row(7) = std::cos(kTwoPi * (d.month() - 1) / 12.0);
    row(8) = dow >= 5 ? 1.0 : 0.0;
    row(9) = absl::CivilMonth(d + 1) != absl::CivilMonth(d) ? 1.0 : 0.0;
    const std::optional<double>& price = s.unit_prices[i];
    row(10) = price && ref_price && *price > 0 ? *price / *ref_price : 1.0;
    row(11) = s.promo_active[i] ? 1.0 : 0.0;
    row(12) = s.is_holiday[i] ? 1.0 : 0.0;
    row(13) = s.launch_date ? static_cast<double>(d - *s.launch_date) : kNaN;
  }
  return frame;
}

}  // namespace champion::engine
