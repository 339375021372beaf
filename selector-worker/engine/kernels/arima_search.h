#pragma once

// The Hyndman-Khandakar stepwise order search of R's forecast::auto.arima(y, d, D) with its
// defaults (stepwise = TRUE, ic = "aicc"), for given numbers of differences: the start
// models, the neighbour moves in R's order, the approximation (CSS fits while searching,
// then full CSS-ML refits), and R's rejection of models with roots near the unit circle.

#include <optional>
#include <span>

#include "absl/status/statusor.h"
#include "engine/cancel_token.h"
#include "engine/kernels/arima.h"

namespace champion::engine::arima {

//! auto.arima's search arguments, with R's defaults. R's max.order bounds only its
//! exhaustive (stepwise = FALSE) search, so it has no counterpart here.
struct ArimaSearchOptions {
  int max_p = 5;
  int max_q = 5;
  int max_seasonal_p = 2;  //!< R's max.P.
  int max_seasonal_q = 2;  //!< R's max.Q.
  int start_p = 2;
  int start_q = 2;
  int start_seasonal_p = 1;  //!< R's start.P.
  int start_seasonal_q = 1;  //!< R's start.Q.
  //! Allow a drift term when d + D == 1 and a mean when d + D == 0 (R's allowdrift,
  //! allowmean).
  bool allow_drift = true;
  bool allow_mean = true;
  //! R's approximation; unset = R's default, n > 150 or period > 12.
  std::optional<bool> approximation;
  int max_models = 94;  //!< R's nmodels: the stepwise search stops after this many fits.
};

//! The chosen model and how the search got there.
struct ArimaSearchResult {
  //! The chosen model fitted by CSS-ML (FitArima); its spec holds the order and whether a
  //! mean or drift is included.
  ArimaFit fit;
  int models_fitted = 0;       //!< Candidate fits in the stepwise search (R's k).
  bool approximation = false;  //!< Whether the search ranked CSS fits.
};

//! Searches ARIMA(p,d,q)(P,D,Q)[period] orders for y (oldest first, finite) as
//! forecast::auto.arima(y, d = d, D = D) does with stepwise = TRUE and no Box-Cox transform:
//! bounds p, q <= n / 3 and P, Q <= n / (3 m) (and p, q < m when seasonal terms may enter);
//! AICc (AIC when n <= 3); the start model, the white-noise model, AR(1)/SAR(1) and
//! MA(1)/SMA(1) starts and the model without constant; then moves of P, Q, (P, Q), p, q,
//! (p, q) by one and a constant toggle, restarting after each improvement; models with an
//! AR or MA root of modulus below 1.01, or a negative variance in stats::arima's var.coef
//! (checkarima), count as infinitely bad. With the approximation, the
//! search ranks CSS fits by R's offset AICc and the best order that a full CSS-ML fit
//! accepts is returned. Deterministic; the token is checked before every candidate fit and
//! inside each fit.
//! InvalidArgument: period < 1, d or D negative, D > 0 with period 1, a non-finite value, a
//! constant series or constant differenced series (R fits a fixed mean or drift there
//! instead), no data left after differencing, or no model could be fitted.
//! Cancelled: the token was set.
absl::StatusOr<ArimaSearchResult> SearchArima(std::span<const double> y, int period, int d,
                                              int seasonal_d, const ArimaSearchOptions& options,
                                              const CancelToken& cancel);

}  // namespace champion::engine::arima
