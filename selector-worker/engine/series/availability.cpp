#include "engine/series/availability.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace champion::engine {
namespace {

constexpr double kReadyCoverage = 0.8;

struct DayTotal {
  double quantity = 0.0;
  bool promo = false;
};

std::string Percent(double ratio) { return absl::StrFormat("%.1f%%", ratio * 100.0); }

absl::Status CheckOptions(const AvailabilityOptions& o) {
  if (o.forecast_horizon < 1 || o.n_splits < 1 || o.min_train_size < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("availability needs forecast_horizon, n_splits and min_train_size >= 1, got ",
                     o.forecast_horizon, ", ", o.n_splits, " and ", o.min_train_size));
  }
  return absl::OkStatus();
}

std::string Reason(const Availability& a, const AvailabilityOptions& o) {
  switch (a.status) {
    case AvailabilityStatus::kReady:
      return absl::StrCat(a.observed_days, " observed days cover ", o.n_splits, " folds of ",
                          o.forecast_horizon, " days after ", o.min_train_size,
                          " training days (needs ", a.required_days_ready, ") with ",
                          Percent(a.coverage_ratio), " calendar coverage.");
    case AvailabilityStatus::kLimited:
      if (a.observed_days >= a.required_days_ready) {
        return absl::StrCat(a.observed_days, " observed days are enough for ", o.n_splits,
                            " folds, but calendar coverage ", Percent(a.coverage_ratio),
                            " is below 80%, so results are limited.");
      }
      return absl::StrCat(a.observed_days, " observed days allow a backtest (needs ",
                          a.required_days_limited, ") but fewer than the ", a.required_days_ready,
                          " needed for ", o.n_splits, " folds of ", o.forecast_horizon, " days.");
    case AvailabilityStatus::kUnusable:
      return absl::StrCat(a.observed_days, " observed days are fewer than the ",
                          a.required_days_limited, " needed for one ", o.forecast_horizon,
                          "-day test window after ", o.min_train_size, " training days.");
  }
  return "";
}

SplitConfig Recommend(int observed, const AvailabilityOptions& o) {
  SplitConfig c;
  c.strategy = SplitStrategy::kExpanding;
  c.n_splits = std::clamp((observed - o.min_train_size) / o.forecast_horizon, 2, 5);
  c.min_train_size = o.min_train_size;
  c.gap = 0;
  c.horizon = o.forecast_horizon;
  return c;
}

}  // namespace

const char* DemandPatternName(DemandPattern pattern) {
  switch (pattern) {
    case DemandPattern::kSmooth:
      return "smooth";
    case DemandPattern::kErratic:
      return "erratic";
    case DemandPattern::kIntermittent:
      return "intermittent";
    case DemandPattern::kLumpy:
      return "lumpy";
    case DemandPattern::kNoDemand:
      return "no_demand";
  }
  return "unknown";
}

std::optional<DemandPattern> ParseDemandPattern(std::string_view name) {
  for (DemandPattern p :
       {DemandPattern::kSmooth, DemandPattern::kErratic, DemandPattern::kIntermittent,
        DemandPattern::kLumpy, DemandPattern::kNoDemand}) {
    if (name == DemandPatternName(p)) return p;
  }
  return std::nullopt;
}

bool IsIntermittent(DemandPattern pattern) {
  return pattern == DemandPattern::kIntermittent || pattern == DemandPattern::kLumpy;
}

DemandClass ClassifyDemand(std::span<const double> daily_quantities) {
  double sum = 0.0;
  int demand_days = 0;
  for (double q : daily_quantities) {
    if (q > 0.0) {
      sum += q;
      ++demand_days;
    }
  }
  DemandClass c;
  if (demand_days == 0) return c;
  const double mean = sum / demand_days;
  double squares = 0.0;
  for (double q : daily_quantities) {
    if (q > 0.0) squares += (q - mean) * (q - mean);
  }
  c.adi = static_cast<double>(daily_quantities.size()) / demand_days;
  c.cv2 = squares / demand_days / (mean * mean);
  const bool sparse = *c.adi >= kAdiCutoff;
  const bool variable = *c.cv2 >= kCv2Cutoff;
  c.pattern = sparse ? (variable ? DemandPattern::kLumpy : DemandPattern::kIntermittent)
                     : (variable ? DemandPattern::kErratic : DemandPattern::kSmooth);
  return c;
}

const char* AvailabilityStatusName(AvailabilityStatus status) {
  switch (status) {
    case AvailabilityStatus::kReady:
      return "ready";
    case AvailabilityStatus::kLimited:
      return "limited";
    case AvailabilityStatus::kUnusable:
      return "unusable";
  }
  return "unknown";
}

absl::StatusOr<Availability> ComputeAvailability(std::span<const SalesRow> rows,
                                                 const AvailabilityOptions& options) {
  if (absl::Status s = CheckOptions(options); !s.ok()) return s;
  std::map<absl::CivilDay, DayTotal> days;  // Ordered: first/last are the ends.
  double total = 0.0;
  for (const SalesRow& row : rows) {
    if (!std::isfinite(row.quantity) || row.quantity < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "sales quantity on ", absl::FormatCivilTime(row.date), " must be finite and >= 0"));
    }
    DayTotal& day = days[row.date];
    day.quantity += row.quantity;
    day.promo = day.promo || row.promo_active;
    total += row.quantity;
  }
  Availability a;
  a.required_days_ready = options.min_train_size + options.forecast_horizon * options.n_splits;
  a.required_days_limited = options.min_train_size + options.forecast_horizon;
  a.observed_days = static_cast<int>(days.size());
  if (!days.empty()) {
    a.first_date = days.begin()->first;
    a.last_date = days.rbegin()->first;
    a.expected_calendar_days = static_cast<int>(*a.last_date - *a.first_date) + 1;
    a.coverage_ratio = static_cast<double>(a.observed_days) / a.expected_calendar_days;
    a.missing_days = a.expected_calendar_days - a.observed_days;
    a.average_daily_demand = total / a.observed_days;
  }
  int promo_days = 0;
  std::vector<double> daily;
  daily.reserve(days.size());
  for (const auto& [date, day] : days) {
    if (day.quantity == 0.0) ++a.zero_sale_days;
    if (day.promo) ++promo_days;
    daily.push_back(day.quantity);
  }
  a.demand = ClassifyDemand(daily);
  if (options.promotions_derivable) a.promotion_days = promo_days;

  if (a.observed_days >= a.required_days_ready && a.coverage_ratio >= kReadyCoverage) {
    a.status = AvailabilityStatus::kReady;
  } else if (a.observed_days >= a.required_days_limited) {
    a.status = AvailabilityStatus::kLimited;
  }
  a.recommended_split_config = Recommend(a.observed_days, options);
  a.reason = Reason(a, options);
  if (a.status != AvailabilityStatus::kUnusable && a.coverage_ratio > 0.0 &&
      a.coverage_ratio < kReadyCoverage) {
    a.warnings.push_back(absl::StrCat("Calendar coverage is ", Percent(a.coverage_ratio), ": ",
                                      a.missing_days, " of ", a.expected_calendar_days,
                                      " days between the first and last sale have no sales row."));
  }
  if (!options.promotions_derivable) {
    a.warnings.push_back("Promotion days could not be derived for this pair.");
  }
  if (IsIntermittent(a.demand->pattern)) {
    a.warnings.push_back(absl::StrFormat(
        "Demand is %s (ADI %.2f, CV² %.2f): most days have no sales, so WAPE and other "
        "percentage errors are fragile here (a test window without sales has none); MASE or "
        "MAE compare models more reliably.",
        DemandPatternName(a.demand->pattern), *a.demand->adi, *a.demand->cv2));
  }
  return a;
}

}  // namespace champion::engine
