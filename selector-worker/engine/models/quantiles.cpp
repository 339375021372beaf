#include "engine/models/quantiles.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "boost/math/distributions/normal.hpp"

namespace champion::engine {

absl::Status CheckQuantileLevels(std::span<const double> levels) {
  if (levels.empty()) return absl::InvalidArgumentError("at least one quantile level is needed");
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (!(levels[i] > 0.0 && levels[i] < 1.0) || (i > 0 && !(levels[i] > levels[i - 1]))) {
      return absl::InvalidArgumentError(
          absl::StrCat("quantile levels must increase within (0, 1), got ", levels[i]));
    }
  }
  return absl::OkStatus();
}

ForecastQuantiles NormalQuantiles(std::span<const double> mean, std::span<const double> sd,
                                  std::span<const double> levels) {
  const boost::math::normal standard;
  ForecastQuantiles out{.levels = {levels.begin(), levels.end()},
                        .values = std::vector<std::vector<double>>(levels.size())};
  for (std::size_t l = 0; l < levels.size(); ++l) {
    const double z = boost::math::quantile(standard, levels[l]);
    out.values[l].reserve(mean.size());
    for (std::size_t h = 0; h < mean.size(); ++h) {
      out.values[l].push_back(std::max(0.0, mean[h] + z * sd[h]));
    }
  }
  return out;
}

double SampleQuantile(std::span<const double> sorted, double level) {
  const double position = level * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double weight = position - static_cast<double>(below);
  return sorted[below] + weight * (sorted[above] - sorted[below]);
}

}  // namespace champion::engine
