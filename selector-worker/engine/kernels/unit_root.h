#pragma once

// The KPSS level-stationarity test and the number of first differences it asks for, as R's
// forecast::ndiffs(x) runs it with its defaults (test = "kpss", type = "level",
// alpha = 0.05, max.d = 2) on urca::ur.kpss.

#include <span>

#include "absl/status/statusor.h"

namespace champion::engine::arima {

//! urca::ur.kpss(y, type = "mu", use.lag = lags)@teststat: with e = y - mean(y) and S its
//! partial sums, sum(S^2) / n^2 divided by the long-run variance sum(e^2) / n + 2 / n *
//! sum_{l=1..lags} (1 - l / (lags + 1)) sum_t e_t e_{t-l} (Bartlett weights). y needs at
//! least two finite values; lags in [0, n). NaN when every e is 0.
double KpssStatistic(std::span<const double> y, int lags);

//! The lag truncation forecast::ndiffs passes to ur.kpss: trunc(3 sqrt(n) / 13).
int KpssLags(int n);

//! ndiffs' p-value of a KPSS level statistic: linear interpolation of urca's table (0.347,
//! 0.463, 0.574, 0.739 at 10%, 5%, 2.5%, 1%), clamped to [0.01, 0.10] (approx(rule = 2)).
double KpssPValue(double statistic);

//! forecast's is.constant: all.equal(y, rep(y[1], n)) -- the mean absolute gap to y[1]
//! relative to the mean |y| over the values that differ from y[1] (absolute when that mean
//! is below the tolerance) is at most sqrt(machine epsilon). Empty y is constant.
bool IsConstant(std::span<const double> y);

//! Options of NumDifferences (ndiffs' alpha and max.d).
struct NdiffsOptions {
  //! Level of the KPSS test; R clamps it to [0.01, 0.1] (with a warning), so do we.
  double alpha = 0.05;
  int max_d = 2;  //!< At most this many differences.
};

//! forecast::ndiffs(y): 0 for a constant y; otherwise differences y while the KPSS test of
//! the current series rejects level stationarity (p-value < alpha) and fewer than max_d
//! differences were taken, stopping early when the differenced series is constant. As in R,
//! a test that cannot be computed (a series shorter than 2) counts as "do not difference".
//! InvalidArgument: a non-finite value or max_d < 0.
absl::StatusOr<int> NumDifferences(std::span<const double> y, const NdiffsOptions& options = {});

}  // namespace champion::engine::arima
