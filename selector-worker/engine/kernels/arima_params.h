#pragma once

// ARIMA model orders and R's parameter maps (stats::arima's C helpers ARIMA_transPars,
// ARIMA_Invtrans, ARIMA_undoPars and its maInvert/arCheck), free functions over small
// vectors.

#include <span>
#include <vector>

#include "absl/status/status.h"

namespace champion::engine::arima {

//! An ARIMA(p,d,q)(P,D,Q)[m] model as forecast::Arima() takes it. Coefficients are ordered as
//! R reports them: ar1..arp, ma1..maq, sar1..sarP, sma1..smaQ, then the regression
//! coefficient (intercept or drift) when there is one.
struct ArimaSpec {
  int p = 0;  //!< Non-seasonal AR order.
  int d = 0;  //!< Non-seasonal differences.
  int q = 0;  //!< Non-seasonal MA order.
  int seasonal_p = 0;
  int seasonal_d = 0;
  int seasonal_q = 0;
  int period = 1;  //!< m; seasonal orders must be 0 when m == 1.
  //! A mean (R's "intercept"). Only meaningful when d + D == 0; ignored otherwise, as in R.
  bool include_mean = false;
  //! A linear trend in time 1..n before differencing (forecast's "drift"): needs d + D == 1.
  bool include_drift = false;

  int ArmaCount() const { return p + q + seasonal_p + seasonal_q; }
  int Differences() const { return d + seasonal_d; }
  //! The mean is fitted (include_mean and no differencing).
  bool HasMean() const { return include_mean && Differences() == 0; }
  bool HasRegression() const { return HasMean() || include_drift; }
  //! Coefficients R estimates: ARMA plus intercept or drift.
  int CoefficientCount() const { return ArmaCount() + (HasRegression() ? 1 : 0); }
  friend bool operator==(const ArimaSpec&, const ArimaSpec&) = default;
};

//! OK, or InvalidArgument naming the first problem: a negative order, period < 1, seasonal
//! orders with period 1, drift without exactly one difference (d + D == 1).
absl::Status ValidateSpec(const ArimaSpec& spec);

//! The expanded lag polynomials of the state-space form: phi (length p + m P) from
//! (1 - ar(B))(1 - sar(B^m)), theta (length q + m Q) from (1 + ma(B))(1 + sma(B^m)).
struct Polynomials {
  std::vector<double> phi;
  std::vector<double> theta;
};

//! ARIMA_transPars: expands the ARMA part of `coef` (R's layout). With `transform`, the AR
//! and seasonal AR blocks are first mapped from R's unconstrained scale (tanh of partial
//! autocorrelations, Durbin-Levinson) to AR coefficients.
Polynomials ExpandArma(std::span<const double> coef, const ArimaSpec& spec, bool transform);

//! ARIMA_undoPars: `coef` with its AR and seasonal AR blocks mapped from the unconstrained
//! scale to AR coefficients; other entries unchanged.
std::vector<double> UndoTransform(std::span<const double> coef, const ArimaSpec& spec);

//! ARIMA_Invtrans: the inverse of UndoTransform (AR blocks must be stationary).
std::vector<double> InverseTransform(std::span<const double> coef, const ArimaSpec& spec);

//! R's arCheck: the roots of 1 - ar_1 z - ... - ar_k z^k lie outside the unit circle
//! (trailing zero coefficients ignored; an empty or all-zero ar is stationary).
bool IsStationary(std::span<const double> ar);

//! R's maInvert: the MA polynomial 1 + ma_1 z + ... with every root inside the unit circle
//! replaced by its reciprocal, which leaves the autocorrelations unchanged.
std::vector<double> InvertMa(std::span<const double> ma);

//! -Delta in R's makeARIMA: the coefficients c_1.. of (1 - B)^d (1 - B^m)^D = 1 - sum c_k
//! B^k, length d + m D.
std::vector<double> DifferencingCoefficients(const ArimaSpec& spec);

//! y differenced d times at lag 1 and D times at lag m (length n - d - m D, may be empty).
std::vector<double> Difference(std::span<const double> y, const ArimaSpec& spec);

}  // namespace champion::engine::arima
