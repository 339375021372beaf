#pragma once

// Exponential-smoothing kernels (additive-error recursions, Hyndman et al. 2008, ch. 2-3)
// shared by ses, holt, holt_winters, theta and auto_ets.

#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/cancel_token.h"

namespace champion::engine {

enum class TrendKind { kNone, kAdditive, kDamped };
enum class SeasonKind { kNone, kAdditive, kMultiplicative };

struct EtsForm {
  TrendKind trend = TrendKind::kNone;
  SeasonKind season = SeasonKind::kNone;
  int period = 1;  //!< Observations per season; used only with a season.
};

//! Smoothing parameters in their admissible ranges (0 < alpha < 1, 0 <= beta <= alpha,
//! 0 <= gamma <= 1 - alpha, 0.8 <= phi <= 0.98; phi = 1 without damping).
struct EtsParams {
  double alpha = 0.5;
  double beta = 0.0;
  double gamma = 0.0;
  double phi = 1.0;
};

struct EtsState {
  double level = 0.0;
  double trend = 0.0;
  std::vector<double> season;  //!< Oldest first: season[i] applies i steps into a cycle.
};

//! Classical start values: level = mean of the first season (first point without one),
//! trend from the first two seasons (or two points), season from the first season's
//! deviations (ratios when multiplicative). Needs y.size() >= 2 * period with a season.
EtsState InitialState(std::span<const double> y, const EtsForm& form);

//! Runs the recursion over y from `state` (updated in place to the final state) and
//! returns the in-sample one-step errors y_t - yhat_t.
std::vector<double> EtsFilter(std::span<const double> y, const EtsForm& form,
                              const EtsParams& params, EtsState& state);

//! Point forecasts 1..steps ahead from a final state.
std::vector<double> EtsForecast(const EtsForm& form, const EtsParams& params, const EtsState& state,
                                int steps);

//! A fitted model: parameters by least squares (= Gaussian maximum likelihood) over the
//! admissible region with NLopt, start state from InitialState (level also fitted when
//! there is neither trend nor season).
struct EtsFit {
  EtsForm form;
  EtsParams params;
  EtsState final_state;
  double sse = 0.0;
  int n = 0;
  int free_parameters = 0;  //!< Smoothing parameters + fitted initial values.
};

//! InvalidArgument when y is too short for the form (2 points; 2 seasons with a season)
//! or multiplicative seasonality meets a value <= 0. Cancelled via the token.
absl::StatusOr<EtsFit> FitEts(std::span<const double> y, const EtsForm& form,
                              const CancelToken& cancel);

}  // namespace champion::engine
