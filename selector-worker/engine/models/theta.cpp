#include "engine/models/theta.h"

#include <algorithm>
#include <cmath>

#include "common/status_macros.h"
#include "engine/models/model_registration.h"
#include "engine/models/model_util.h"

namespace champion::engine {
namespace {

constexpr double kZ95 = 1.6448536269514722;  // qnorm(0.95), as forecast::thetaf uses.

// forecast::thetaf's test: |r_m| / sqrt((1 + 2 sum_{k<m} r_k^2) / n) > qnorm(0.95).
bool SeasonalityDetected(std::span<const double> y, int m) {
  const auto n = static_cast<double>(y.size());
  double mean = 0.0;
  for (double v : y) mean += v;
  mean /= n;
  double denom = 0.0;
  for (double v : y) denom += (v - mean) * (v - mean);
  if (denom == 0.0) return false;
  auto acf = [&](int k) {
    double s = 0.0;
    for (std::size_t t = static_cast<std::size_t>(k); t < y.size(); ++t) {
      s += (y[t] - mean) * (y[t - static_cast<std::size_t>(k)] - mean);
    }
    return s / denom;
  };
  double sum_sq = 0.0;
  for (int k = 1; k < m; ++k) sum_sq += acf(k) * acf(k);
  return std::fabs(acf(m)) / std::sqrt((1.0 + 2.0 * sum_sq) / n) > kZ95;
}

// Seasonal figure of R's decompose(type = "multiplicative"): ratios to a centred moving
// average of order m, averaged per position (index mod m), normalised to mean 1.
std::vector<double> MultiplicativeFigure(std::span<const double> y, int m) {
  const int n = static_cast<int>(y.size());
  const int half = m / 2;
  std::vector<double> sum(m, 0.0);
  std::vector<int> count(m, 0);
  for (int t = half; t + half < n; ++t) {
    double trend = 0.0;
    if (m % 2 == 1) {
      for (int k = -half; k <= half; ++k) trend += y[t + k];
      trend /= m;
    } else {
      trend = 0.5 * (y[t - half] + y[t + half]);
      for (int k = -half + 1; k < half; ++k) trend += y[t + k];
      trend /= m;
    }
    sum[t % m] += y[t] / trend;
    ++count[t % m];
  }
  std::vector<double> figure(m, 1.0);
  double total = 0.0;
  for (int i = 0; i < m; ++i) {
    figure[i] = count[i] > 0 ? sum[i] / count[i] : 1.0;
    total += figure[i];
  }
  for (double& f : figure) f /= total / m;
  return figure;
}

// Least-squares slope of y on 0..n-1.
double Slope(std::span<const double> y) {
  const auto n = static_cast<double>(y.size());
  const double tbar = (n - 1) / 2.0;
  double ybar = 0.0;
  for (double v : y) ybar += v;
  ybar /= n;
  double sxy = 0.0;
  double sxx = 0.0;
  for (std::size_t t = 0; t < y.size(); ++t) {
    sxy += (static_cast<double>(t) - tbar) * (y[t] - ybar);
    sxx += (static_cast<double>(t) - tbar) * (static_cast<double>(t) - tbar);
  }
  return sxx > 0 ? sxy / sxx : 0.0;
}

}  // namespace

absl::Status ThetaModel::Fit(const FitInput& input, const CancelToken& cancel) {
  RETURN_IF_ERROR(NeedPoints("theta", input.y.size(), 2));
  const int m = season_length_;
  std::vector<double> x(input.y.begin(), input.y.end());
  n_ = static_cast<int>(x.size());
  season_.clear();
  const bool positive = std::all_of(x.begin(), x.end(), [](double v) { return v > 0; });
  // Multiplicative adjustment is undefined with zeros, so such series stay unadjusted.
  if (m > 1 && n_ > 2 * m && positive && SeasonalityDetected(x, m)) {
    const std::vector<double> figure = MultiplicativeFigure(x, m);
    for (int t = 0; t < n_; ++t) x[t] /= figure[t % m];
    for (int h = 0; h < m; ++h) season_.push_back(figure[(n_ + h) % m]);
  }
  ASSIGN_OR_RETURN(fit_, FitEts(x, EtsForm{}, cancel));
  half_slope_ = Slope(x) / 2.0;
  return absl::OkStatus();
}

std::vector<double> ThetaModel::SeasonallyAdjustedForecast(int steps) const {
  std::vector<double> out = EtsForecast(fit_->form, fit_->params, fit_->final_state, steps);
  const double alpha = std::max(1e-10, fit_->params.alpha);
  const double drift_base = (1.0 - std::pow(1.0 - alpha, n_)) / alpha;
  for (int h = 0; h < steps; ++h) out[h] += half_slope_ * (h + drift_base);
  return out;
}

void ThetaModel::Reseason(std::vector<double>& values) const {
  if (season_.empty()) return;
  for (std::size_t h = 0; h < values.size(); ++h) values[h] *= season_[h % season_.size()];
}

absl::StatusOr<std::vector<double>> ThetaModel::Forecast(const ForecastInput& input,
                                                         const CancelToken& /*cancel*/) const {
  std::vector<double> out = SeasonallyAdjustedForecast(static_cast<int>(input.dates.size()));
  Reseason(out);
  return out;
}

absl::StatusOr<std::optional<ForecastQuantiles>> ThetaModel::Quantiles(
    const ForecastInput& input, std::span<const double> levels, const CancelToken& cancel) const {
  RETURN_IF_ERROR(CheckQuantileLevels(levels));
  RETURN_IF_ERROR(CheckCancelled(cancel));
  // R's thetaf: the SES fit's sigma2 = SSE / (n - 2), se_h = sqrt(sigma2 (1 + (h - 1) alpha^2)),
  // around the forecast before re-seasoning; bounds then re-seasoned like the forecast.
  const int free = fit_->free_parameters;
  if (fit_->n <= free) return std::nullopt;
  const double sigma2 = fit_->sse / (fit_->n - free);
  const std::vector<double> mean = SeasonallyAdjustedForecast(static_cast<int>(input.dates.size()));
  const double alpha = fit_->params.alpha;
  std::vector<double> sd;
  for (std::size_t h = 0; h < mean.size(); ++h) {
    sd.push_back(std::sqrt(sigma2 * (1.0 + static_cast<double>(h) * alpha * alpha)));
  }
  ForecastQuantiles q = NormalQuantiles(mean, sd, levels);
  for (std::vector<double>& row : q.values) Reseason(row);
  return q;
}

CHAMPION_REGISTER_MODEL(theta) {
  struct Options {
    int season_length = 7;
  };
  ModelRegistration r = Facts(160, "theta", "Theta", ModelFamily::kStatistical,
                              "Standard Theta method (SES with drift) with multiplicative "
                              "seasonal adjustment when a seasonality test says so.");
  // Validated against R's forecast package (tests/engine/models/auto_ets_reference_test.cpp).
  r.default_candidate = true;
  return WithParams(std::move(r), TypedParams<Options>().SeasonLength(&Options::season_length, 1),
                    [](const Options& o) { return std::make_unique<ThetaModel>(o.season_length); });
}

}  // namespace champion::engine
