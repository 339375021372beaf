#include "engine/kernels/arima_state_space.h"

#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>

#include "Eigen/Dense"

namespace champion::engine::arima {
namespace {

using Eigen::Index;

// ARIMA_Like leaves out of the likelihood observations whose one-step variance (units of
// sigma2) reaches this: those still dominated by the diffuse prior.
constexpr double kDiffuseGain = 1e4;

double At(std::span<const double> v, Index i) {
  return i < static_cast<Index>(v.size()) ? v[static_cast<std::size_t>(i)] : 0.0;
}

// out = T x for every column of x, with T the transition of `m` (not aliased with x):
// ARMA rows phi_i x_0 + x_{i+1}; the first differencing row Z'x; the others shift down.
template <typename In, typename Out>
void ApplyTransition(const StateSpace& m, const In& x, Out& out) {
  const Index r = m.r;
  const auto d = static_cast<Index>(m.delta.size());
  out.topRows(r - 1) = x.middleRows(1, r - 1);
  out.row(r - 1).setZero();
  for (Index i = 0; i < static_cast<Index>(m.phi.size()); ++i) {
    out.row(i) += m.phi[static_cast<std::size_t>(i)] * x.row(0);
  }
  if (d == 0) return;
  out.row(r) = x.row(0);
  for (Index k = 0; k < d; ++k) out.row(r) += m.delta[static_cast<std::size_t>(k)] * x.row(r + k);
  out.middleRows(r + 1, d - 1) = x.middleRows(r, d - 1);
}

// Z'x.
double Observe(const StateSpace& m, const Eigen::VectorXd& x) {
  double v = x[0];
  for (std::size_t k = 0; k < m.delta.size(); ++k) v += m.delta[k] * x[m.r + static_cast<Index>(k)];
  return v;
}

// P <- T P T' + R R' (P symmetric, so T (T P)' = T P T').
void PropagateCovariance(const StateSpace& m, Eigen::MatrixXd& P, Eigen::MatrixXd& scratch) {
  ApplyTransition(m, P, scratch);
  P = scratch.transpose();
  scratch = P;
  ApplyTransition(m, scratch, P);
  const Index q = static_cast<Index>(m.theta.size());
  Eigen::VectorXd v(q + 1);
  v[0] = 1.0;
  for (Index i = 0; i < q; ++i) v[i + 1] = m.theta[static_cast<std::size_t>(i)];
  P.topLeftCorner(q + 1, q + 1) += v * v.transpose();
}

}  // namespace

Eigen::MatrixXd StationaryCovariance(std::span<const double> phi, std::span<const double> theta) {
  const Index r = static_cast<Index>(std::max(phi.size(), theta.size() + 1));
  // v = (1, theta): R R'. Q_ij = v_i v_j + phi_i phi_j Q_00 + phi_i Q_0,j+1 + phi_j Q_0,i+1
  // + Q_i+1,j+1 unrolls along diagonals into r equations in the first row x_j = Q_0j.
  auto v = [&](Index i) { return i == 0 ? 1.0 : At(theta, i - 1); };
  auto ph = [&](Index i) { return At(phi, i); };
  Eigen::MatrixXd A = Eigen::MatrixXd::Identity(r, r);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(r);
  for (Index j = 0; j < r; ++j) {
    for (Index k = 0; j + k < r; ++k) {
      b[j] += v(k) * v(j + k);
      A(j, 0) -= ph(k) * ph(j + k);
      if (j + k + 1 < r) A(j, j + k + 1) -= ph(k);
      if (k + 1 < r) A(j, k + 1) -= ph(j + k);
    }
  }
  const Eigen::VectorXd x = A.partialPivLu().solve(b);
  auto first_row = [&](Index i) { return i < r ? x[i] : 0.0; };
  Eigen::MatrixXd Q(r, r);
  for (Index i = r; i-- > 0;) {
    for (Index j = r; j-- > 0;) {
      Q(i, j) = v(i) * v(j) + ph(i) * ph(j) * x[0] + ph(i) * first_row(j + 1) +
                ph(j) * first_row(i + 1) + (i + 1 < r && j + 1 < r ? Q(i + 1, j + 1) : 0.0);
    }
  }
  return Q;
}

StateSpace MakeStateSpace(const Polynomials& arma, std::vector<double> delta, double kappa) {
  StateSpace m{.phi = arma.phi, .theta = arma.theta, .delta = std::move(delta)};
  m.r = static_cast<Index>(std::max(m.phi.size(), m.theta.size() + 1));
  const Index rd = m.Size();
  m.a = Eigen::VectorXd::Zero(rd);
  m.P = Eigen::MatrixXd::Zero(rd, rd);
  m.P.topLeftCorner(m.r, m.r) = StationaryCovariance(m.phi, m.theta);
  m.P.bottomRightCorner(rd - m.r, rd - m.r).diagonal().setConstant(kappa);
  return m;
}

double FilterSums::Criterion() const {
  return 0.5 * (std::log(sum_squares / used) + sum_log_variance / used);
}

FilterSums KalmanFilter(std::span<const double> y, StateSpace& m, bool residuals) {
  FilterSums sums;
  if (residuals) sums.residuals.resize(y.size());
  const Index rd = m.Size();
  Eigen::VectorXd a_next(rd);
  Eigen::VectorXd gain_vector(rd);
  Eigen::MatrixXd scratch(rd, rd);
  for (std::size_t t = 0; t < y.size(); ++t) {
    ApplyTransition(m, m.a, a_next);
    // R's first step uses the initial covariance as the prediction's (no propagation).
    if (t > 0) PropagateCovariance(m, m.P, scratch);
    const double innovation = y[t] - Observe(m, a_next);
    gain_vector = m.P.col(0);
    for (std::size_t k = 0; k < m.delta.size(); ++k) {
      gain_vector += m.delta[k] * m.P.col(m.r + static_cast<Index>(k));
    }
    const double variance = Observe(m, gain_vector);
    if (variance < kDiffuseGain) {
      ++sums.used;
      sums.sum_squares += innovation * innovation / variance;
      sums.sum_log_variance += std::log(variance);
    }
    if (residuals) sums.residuals[t] = innovation / std::sqrt(variance);
    m.a = a_next + gain_vector * (innovation / variance);
    m.P.noalias() -= gain_vector * gain_vector.transpose() / variance;
  }
  return sums;
}

double ConditionalSumOfSquares(std::span<const double> y, const ArimaSpec& spec,
                               const Polynomials& arma, int n_condition) {
  // Differenced in place as R does: w[t] is fully differenced for t >= d + m D, and the
  // recursion below reads only those.
  std::vector<double> w(y.begin(), y.end());
  const std::size_t n = w.size();
  for (int i = 0; i < spec.d; ++i) {
    for (std::size_t t = n; t-- > 1;) w[t] -= w[t - 1];
  }
  const auto m = static_cast<std::size_t>(spec.period);
  for (int i = 0; i < spec.seasonal_d; ++i) {
    for (std::size_t t = n; t-- > m;) w[t] -= w[t - m];
  }
  std::vector<double> e(n, 0.0);
  const auto start = static_cast<std::size_t>(n_condition);
  double ssq = 0.0;
  int used = 0;
  for (std::size_t t = start; t < n; ++t) {
    double v = w[t];
    for (std::size_t j = 0; j < arma.phi.size(); ++j) v -= arma.phi[j] * w[t - j - 1];
    const std::size_t lags = std::min(t - start, arma.theta.size());
    for (std::size_t j = 0; j < lags; ++j) v -= arma.theta[j] * e[t - j - 1];
    e[t] = v;
    if (!std::isnan(v)) {
      ++used;
      ssq += v * v;
    }
  }
  return used > 0 ? ssq / used : std::numeric_limits<double>::quiet_NaN();
}

StateForecast KalmanForecast(const StateSpace& model, int h) {
  StateForecast out;
  StateSpace m = model;
  Eigen::VectorXd a_next(m.Size());
  Eigen::MatrixXd scratch(m.Size(), m.Size());
  for (int step = 0; step < h; ++step) {
    ApplyTransition(m, m.a, a_next);
    m.a = a_next;
    PropagateCovariance(m, m.P, scratch);
    out.mean.push_back(Observe(m, m.a));
    Eigen::VectorXd pz = m.P.col(0);
    for (std::size_t k = 0; k < m.delta.size(); ++k)
      pz += m.delta[k] * m.P.col(m.r + static_cast<Index>(k));
    out.variance.push_back(Observe(m, pz));
  }
  return out;
}

}  // namespace champion::engine::arima
