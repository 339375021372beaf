#include "engine/backtest/metrics.h"

#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

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

struct MetricRow {
  const char* name;
  const char* label;
  bool signed_value;  // ranked by magnitude
};

// The metric table, in Metric order.
constexpr std::array<MetricRow, kMetricCount> kMetricTable = {{
    {"wape", "WAPE", false},
    {"smape", "sMAPE", false},
    {"mae", "MAE", false},
    {"bias", "absolute bias", true},
    {"mase", "MASE", false},
    {"rmse", "RMSE", false},
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
  return Row(metric).signed_value ? std::fabs(value) : value;
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

absl::StatusOr<double> Mase(std::span<const double> a, std::span<const double> f,
                            std::span<const double> train, int m) {
  absl::StatusOr<double> mae = Mae(a, f);
  if (!mae.ok()) return mae;
  if (m < 1 || train.size() <= static_cast<std::size_t>(m)) return kNaN;
  double scale = 0.0;
  for (std::size_t t = static_cast<std::size_t>(m); t < train.size(); ++t) {
    scale += std::fabs(train[t] - train[t - static_cast<std::size_t>(m)]);
  }
  scale /= static_cast<double>(train.size() - static_cast<std::size_t>(m));
  if (!(scale > 0.0) || !std::isfinite(scale)) return kNaN;
  return *mae / scale;
}

absl::StatusOr<FoldMetrics> ComputeFoldMetrics(std::span<const double> a, std::span<const double> f,
                                               std::span<const double> train) {
  if (absl::Status s = CheckPair(a, f); !s.ok()) return s;
  FoldMetrics m;
  // The pair is checked, so every kernel below succeeds.
  m[Metric::kMae] = *Mae(a, f);
  m[Metric::kRmse] = *Rmse(a, f);
  m[Metric::kSmape] = *Smape(a, f);
  m[Metric::kWape] = *Wape(a, f);
  m[Metric::kBias] = *Bias(a, f);
  m[Metric::kMase] = *Mase(a, f, train);
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
  var /= static_cast<double>(valid.size());  // Population variance, as ENGINE.md says.
  return std::sqrt(var) / std::fabs(mean) * 100.0;
}

AggregateMetrics Aggregate(std::span<const FoldMetrics> folds, std::span<const FoldPoints> points) {
  AggregateMetrics out;
  out.fold_count = static_cast<int>(folds.size());
  std::vector<double> actual;
  std::vector<double> forecast;
  double scaled_sum = 0.0;  // Sum over folds with a MASE of mase * points.
  int scaled_points = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const FoldPoints& p = points[i];
    actual.insert(actual.end(), p.actual.begin(), p.actual.end());
    forecast.insert(forecast.end(), p.forecast.begin(), p.forecast.end());
    if (i < folds.size() && !std::isnan(folds[i][Metric::kMase])) {
      scaled_sum += folds[i][Metric::kMase] * static_cast<double>(p.actual.size());
      scaled_points += static_cast<int>(p.actual.size());
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
  out[Metric::kMase].value = scaled_points == 0 ? kNaN : scaled_sum / scaled_points;
  return out;
}

}  // namespace champion::engine
