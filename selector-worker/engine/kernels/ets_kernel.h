#pragma once

// State-space ETS kernels (Hyndman, Koehler, Ord & Snyder 2008), written to reproduce R
// forecast's etscalc/forecast/admissible: the family's forms, the filter that yields the
// likelihood, point forecasts and the admissibility test. Pure functions, used by
// ets_init/ets_fit/ets_select and models/auto_ets.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/kernels/exponential_smoothing.h"

namespace champion::engine::ets {

enum class ErrorKind { kAdditive, kMultiplicative };

//! One member of the family: error A/M, trend N/A/Ad, season N/A/M.
struct Form {
  ErrorKind error = ErrorKind::kAdditive;
  TrendKind trend = TrendKind::kNone;
  SeasonKind season = SeasonKind::kNone;
  int period = 1;  //!< Observations per season; >= 2 with a season, ignored without.

  bool HasTrend() const { return trend != TrendKind::kNone; }
  bool HasSeason() const { return season != SeasonKind::kNone; }
  friend bool operator==(const Form&, const Form&) = default;
};

//! R's notation, e.g. "ETS(M,Ad,M)".
std::string FormName(const Form& form);

//! Inverse of FormName ("ETS(A,N,N)" .. "ETS(M,Ad,M)"); nullopt for anything else,
//! including multiplicative trends, which this engine does not fit.
std::optional<Form> ParseFormName(std::string_view name, int period);

//! Smoothing parameters. beta / gamma are 0 without trend / season, phi is 1 without damping.
struct Smoothing {
  double alpha = 0.5;
  double beta = 0.0;
  double gamma = 0.0;
  double phi = 1.0;
  friend bool operator==(const Smoothing&, const Smoothing&) = default;
};

//! States in R's layout: level, trend (0 without one) and the last `period` seasonal
//! states, season[0] the most recent and season.back() the one that applies to the next
//! observation (empty without a season).
struct States {
  double level = 0.0;
  double trend = 0.0;
  std::vector<double> season;
  friend bool operator==(const States&, const States&) = default;
};

//! Runs the recursion over y from `states` (updated in place to the final states) and
//! returns R's "lik", -2 log-likelihood up to a constant: n log(sum e^2), plus
//! 2 sum log|yhat| with multiplicative errors (e relative, (y - yhat) / yhat). Values below
//! -1e10 (perfect fits) become -1e10; a non-finite result becomes +infinity. When
//! `sum_squared_errors` is given it receives sum e^2 (relative errors with multiplicative ones).
double NegTwoLogLikelihood(std::span<const double> y, const Form& form, const Smoothing& p,
                           States& states, double* sum_squared_errors = nullptr);

//! The one-step-ahead point forecast from `states`: PointForecast(form, p, states, 1)[0]
//! without the vector.
double OneStepForecast(const Form& form, const Smoothing& p, const States& states);
//! Point forecasts 1..steps ahead from final states (the same for both error types).
std::vector<double> PointForecast(const Form& form, const Smoothing& p, const States& states,
                                  int steps);

//! R's admissibility test (ets bounds = "both"): the parameters make the model forecastable
//! (Hyndman et al. 2008, ch. 10): R's closed-form conditions, then every root of the
//! characteristic polynomial within radius 1 + 1e-6 (Schur-Cohn test; R: 1 + 1e-10 on
//! numerically found roots). The usual bounds are the fit's business.
bool Admissible(const Form& form, const Smoothing& p);

}  // namespace champion::engine::ets
