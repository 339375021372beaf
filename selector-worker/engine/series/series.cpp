#include "engine/series/series.h"

#include <cmath>
#include <map>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace champion::engine {
namespace {

void Append(Series& s, absl::CivilDay date, const SalesRow& row, bool imputed) {
  s.dates.push_back(date);
  s.values.push_back(row.quantity);
  s.unit_prices.push_back(row.unit_price);
  s.promo_active.push_back(row.promo_active);
  s.is_holiday.push_back(row.is_holiday);
  s.imputed.push_back(imputed);
}

// Adds the days strictly between `prev` and `next` (both observed) per `fill`.
void FillGap(Series& s, const SalesRow& prev, const SalesRow& next, FillMissingDays fill) {
  const absl::civil_diff_t span = next.date - prev.date;
  for (absl::civil_diff_t k = 1; k < span; ++k) {
    SalesRow filled;
    filled.date = prev.date + k;
    if (fill == FillMissingDays::kLinear) {
      const double t = static_cast<double>(k) / static_cast<double>(span);
      filled.quantity = prev.quantity + t * (next.quantity - prev.quantity);
    }
    Append(s, filled.date, filled, /*imputed=*/true);
  }
}

}  // namespace

const char* FillMissingDaysName(FillMissingDays fill) {
  switch (fill) {
    case FillMissingDays::kNone:
      return "none";
    case FillMissingDays::kZero:
      return "zero";
    case FillMissingDays::kLinear:
      return "linear";
  }
  return "unknown";
}

absl::StatusOr<FillMissingDays> ParseFillMissingDays(std::string_view name) {
  for (FillMissingDays f :
       {FillMissingDays::kNone, FillMissingDays::kZero, FillMissingDays::kLinear}) {
    if (name == FillMissingDaysName(f)) return f;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "fill_missing_days must be none, zero or linear, got '", std::string(name), "'"));
}

absl::StatusOr<Series> PrepareSeries(std::span<const SalesRow> rows, const SeriesOptions& options) {
  if (options.start_date > options.end_date) {
    return absl::InvalidArgumentError(
        absl::StrCat("start_date ", absl::FormatCivilTime(options.start_date),
                     " is after end_date ", absl::FormatCivilTime(options.end_date)));
  }
  if (options.end_date - options.start_date + 1 > kMaxSeriesDays) {
    return absl::InvalidArgumentError(
        absl::StrCat("the window ", absl::FormatCivilTime(options.start_date), " .. ",
                     absl::FormatCivilTime(options.end_date), " spans ",
                     options.end_date - options.start_date + 1, " days; at most ", kMaxSeriesDays));
  }
  std::map<absl::CivilDay, SalesRow> days;  // Ordered by date.
  for (const SalesRow& row : rows) {
    if (!std::isfinite(row.quantity) || row.quantity < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "sales quantity on ", absl::FormatCivilTime(row.date), " must be finite and >= 0"));
    }
    if (row.date < options.start_date || row.date > options.end_date) continue;
    auto [it, inserted] = days.try_emplace(row.date, row);
    if (inserted) continue;
    SalesRow& day = it->second;
    day.quantity += row.quantity;
    day.promo_active = day.promo_active || row.promo_active;
    day.is_holiday = day.is_holiday || row.is_holiday;
    if (!day.unit_price) day.unit_price = row.unit_price;
  }
  if (days.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("no sales rows between ", absl::FormatCivilTime(options.start_date), " and ",
                     absl::FormatCivilTime(options.end_date)));
  }
  Series s;
  s.launch_date = options.launch_date;
  const SalesRow* prev = nullptr;
  for (const auto& [date, row] : days) {
    if (prev != nullptr && options.fill != FillMissingDays::kNone) {
      FillGap(s, *prev, row, options.fill);
    }
    Append(s, date, row, /*imputed=*/false);
    prev = &row;
  }
  return s;
}

}  // namespace champion::engine
