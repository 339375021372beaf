#include "engine/backtest/metrics.h"

#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace champion::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

absl::Status CheckPair(std::span<const double> a, std::span<const double> f) {
  if (a.size() != f.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("metric needs as many forecasts as actuals, got ", f.size(), " forecasts for ",
                     a.size(), " actuals"));
  }
  if (a.empty()) return absl::InvalidArgumentError("metric needs at least one point");
  return absl::OkStatus();
}

// Mean over i of term(a[i], f[i]); the pair is already checked.
template <typename Term>
double MeanOf(std::span<const double> a, std::span<const double> f, Term term) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += term(a[i], f[i]);
  return sum / static_cast<double>(a.size());
}

// How a metric's value orders candidates (smaller sort value is better).
enum class SortRule { kValue, kMagnitude, kDistanceFromNominal };

struct MetricRow {
  const char* name;
  const char* label;
  SortRule sort;
};

// The metric table, in Metric order.
constexpr std::array<MetricRow, kMetricCount> kMetricTable = {{
    {"wape", "WAPE", SortRule::kValue},
    {"smape", "sMAPE", SortRule::kValue},
    {"mae", "MAE", SortRule::kValue},
    {"bias", "absolute bias", SortRule::kMagnitude},
    {"mase", "MASE", SortRule::kValue},
    {"rmse", "RMSE", SortRule::kValue},
    {"coverage", "80% interval coverage", SortRule::kDistanceFromNominal},
    {"msis", "MSIS", SortRule::kValue},
}};

const MetricRow& Row(Metric metric) { return kMetricTable[static_cast<std::size_t>(metric)]; }

}  // namespace

const char* MetricName(Metric metric) { return Row(metric).name; }

const char* MetricLabel(Metric metric) { return Row(metric).label; }

std::optional<Metric> ParseMetric(std::string_view name) {
  for (Metric m : kAllMetrics) {
    if (name == Row(m).name) return m;
  }
  return std::nullopt;
}

double SortValue(Metric metric, double value) {
  switch (Row(metric).sort) {
    case SortRule::kMagnitude:
      return std::fabs(value);
    case SortRule::kDistanceFromNominal:
      return std::fabs(value - kIntervalNominalCoverage);
    case SortRule::kValue:
      break;
  }
  return value;
}

absl::StatusOr<double> Mae(std::span<const double> a, std::span<const double> f) {
  if (absl::Status s = CheckPair(a, f); !s.ok()) return s;
  return MeanOf(a, f, [](double x, double y) { return std::fabs(x - y); });
}

absl::StatusOr<double> Rmse(std::span<const double> a, std::span<const double> f) {
  if (absl::Status s = CheckPair(a, f); !s.ok()) return s;
  return std::sqrt(MeanOf(a, f, [](double x, double y) { return (x - y) * (x - y); }));
}

absl::StatusOr<double> Smape(std::span<const double> a, std::span<const double> f) {
  if (absl::Status s = CheckPair(a, f); !s.ok()) return s;
  return 100.0 * MeanOf(a, f, [](double x, double y) {
           const double denom = std::fabs(x) + std::fabs(y);
           return denom == 0.0 ? 0.0 : 2.0 * std::fabs(x - y) / denom;
         });
}

absl::StatusOr<double> Wape(std::span<const double> a, std::span<const double> f) {
  if (absl::Status s = CheckPair(a, f); !s.ok()) return s;
  double err = 0.0;
  double scale = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    err += std::fabs(a[i] - f[i]);
    scale += std::fabs(a[i]);
  }
  if (std::isnan(err)) return kNaN;
  return scale == 0.0 ? kInf : 100.0 * err / scale;
}

absl::StatusOr<double> Bias(std::span<const double> a, std::span<const double> f) {
  if (absl::Status s = CheckPair(a, f); !s.ok()) return s;
  return MeanOf(a, f, [](double x, double y) { return x - y; });
}

namespace {

// The in-sample MAE of the seasonal naive with period m on `train`; NaN when train has <= m
// points or that MAE is 0 or not finite.
double SeasonalNaiveScale(std::span<const double> train, int m) {
  if (m < 1 || train.size() <= static_cast<std::size_t>(m)) return kNaN;
  double scale = 0.0;
  for (std::size_t t = static_cast<std::size_t>(m); t < train.size(); ++t) {
    scale += std::fabs(train[t] - train[t - static_cast<std::size_t>(m)]);
  }
  scale /= static_cast<double>(train.size() - static_cast<std::size_t>(m));
  return scale > 0.0 && std::isfinite(scale) ? scale : kNaN;
}

}  // namespace

absl::StatusOr<double> Mase(std::span<const double> a, std::span<const double> f,
                            std::span<const double> train, int m) {
  absl::StatusOr<double> mae = Mae(a, f);
  if (!mae.ok()) return mae;
  return *mae / SeasonalNaiveScale(train, m);
}

absl::StatusOr<double> Coverage(std::span<const double> a, std::span<const double> lower,
                                std::span<const double> upper) {
  if (absl::Status s = CheckPair(a, lower); !s.ok()) return s;
  if (absl::Status s = CheckPair(a, upper); !s.ok()) return s;
  int inside = 0;
  for (std::size_t i = 0; i < a.size(); ++i) inside += a[i] >= lower[i] && a[i] <= upper[i];
  return 100.0 * inside / static_cast<double>(a.size());
}

absl::StatusOr<double> Msis(std::span<const double> a, std::span<const double> lower,
                            std::span<const double> upper, std::span<const double> train,
                            double alpha, int m) {
  if (absl::Status s = CheckPair(a, lower); !s.ok()) return s;
  if (absl::Status s = CheckPair(a, upper); !s.ok()) return s;
  if (!(alpha > 0.0 && alpha < 1.0)) return absl::InvalidArgumentError("alpha must be in (0, 1)");
  double score = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    score += upper[i] - lower[i];
    if (a[i] < lower[i]) score += 2.0 / alpha * (lower[i] - a[i]);
    if (a[i] > upper[i]) score += 2.0 / alpha * (a[i] - upper[i]);
  }
  return score / static_cast<double>(a.size()) / SeasonalNaiveScale(train, m);
}

absl::StatusOr<FoldMetrics> ComputeFoldMetrics(std::span<const double> a, std::span<const double> f,
                                               std::span<const double> train,
                                               std::span<const double> lower,
                                               std::span<const double> upper) {
  if (absl::Status s = CheckPair(a, f); !s.ok()) return s;
  FoldMetrics m;
  // The pair is checked, so every kernel below succeeds.
  m[Metric::kMae] = *Mae(a, f);
  m[Metric::kRmse] = *Rmse(a, f);
  m[Metric::kSmape] = *Smape(a, f);
  m[Metric::kWape] = *Wape(a, f);
  m[Metric::kBias] = *Bias(a, f);
  m[Metric::kMase] = *Mase(a, f, train);
  m[Metric::kCoverage] = kNaN;
  m[Metric::kMsis] = kNaN;
  if (!lower.empty() || !upper.empty()) {
    ASSIGN_OR_RETURN(m[Metric::kCoverage], Coverage(a, lower, upper));
    ASSIGN_OR_RETURN(m[Metric::kMsis], Msis(a, lower, upper, train));
  }
  return m;
}

double MeanOfValid(std::span<const double> values) {
  double sum = 0.0;
  int count = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    sum += v;
    ++count;
  }
  return count == 0 ? kNaN : sum / count;
}

double Stability(std::span<const double> values) {
  std::vector<double> valid;
  for (double v : values) {
    if (std::isfinite(v)) valid.push_back(v);
  }
  if (valid.size() < 2) return kNaN;
  const double mean = MeanOfValid(valid);
  double var = 0.0;
  for (double v : valid) var += (v - mean) * (v - mean);
  var /= static_cast<double>(valid.size());  // Population variance, as docs/ENGINE.md says.
  return std::sqrt(var) / std::fabs(mean) * 100.0;
}

AggregateMetrics Aggregate(std::span<const FoldMetrics> folds, std::span<const FoldPoints> points) {
  AggregateMetrics out;
  out.fold_count = static_cast<int>(folds.size());
  std::vector<double> actual;
  std::vector<double> forecast;
  std::vector<double> interval_actual;  // The points of the folds with an interval.
  std::vector<double> lower;
  std::vector<double> upper;
  // Per scaled metric: sum over the folds where it is defined of value * points, and points.
  PerMetric<double> scaled_sum;
  PerMetric<int> scaled_points;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const FoldPoints& p = points[i];
    actual.insert(actual.end(), p.actual.begin(), p.actual.end());
    forecast.insert(forecast.end(), p.forecast.begin(), p.forecast.end());
    if (!p.lower.empty()) {
      interval_actual.insert(interval_actual.end(), p.actual.begin(), p.actual.end());
      lower.insert(lower.end(), p.lower.begin(), p.lower.end());
      upper.insert(upper.end(), p.upper.begin(), p.upper.end());
    }
    for (Metric scaled : {Metric::kMase, Metric::kMsis}) {
      if (i < folds.size() && !std::isnan(folds[i][scaled])) {
        scaled_sum[scaled] += folds[i][scaled] * static_cast<double>(p.actual.size());
        scaled_points[scaled] += static_cast<int>(p.actual.size());
      }
    }
  }
  out.sample_size = static_cast<int>(actual.size());
  for (Metric metric : kAllMetrics) {
    std::vector<double> per_fold;
    for (const FoldMetrics& f : folds) per_fold.push_back(f[metric]);
    out[metric].stability = Stability(per_fold);
  }
  if (actual.empty() || actual.size() != forecast.size()) {
    for (Metric metric : kAllMetrics) out[metric].value = kNaN;
    return out;
  }
  // The pooled spans are non-empty and of equal length, so every kernel succeeds.
  out[Metric::kMae].value = *Mae(actual, forecast);
  out[Metric::kRmse].value = *Rmse(actual, forecast);
  out[Metric::kSmape].value = *Smape(actual, forecast);
  out[Metric::kWape].value = *Wape(actual, forecast);
  out[Metric::kBias].value = *Bias(actual, forecast);
  for (Metric scaled : {Metric::kMase, Metric::kMsis}) {
    out[scaled].value =
        scaled_points[scaled] == 0 ? kNaN : scaled_sum[scaled] / scaled_points[scaled];
  }
  absl::StatusOr<double> coverage = Coverage(interval_actual, lower, upper);
  out[Metric::kCoverage].value = coverage.ok() ? *coverage : kNaN;
  return out;
}

}  // namespace champion::engine
