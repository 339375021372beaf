#include "engine/kernels/arima_state_space.h"

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <utility>

#include "Eigen/Dense"

namespace champion::engine::arima {
namespace {

using Eigen::Index;

// ARIMA_Like leaves out of the likelihood observations whose one-step variance (units of
// sigma2) reaches this: those still dominated by the diffuse prior.
constexpr double kDiffuseGain = 1e4;

// ArmaLikelihood keeps the directions of P_1 - P_0 with a component above this times the
// largest: below it they are rounding (the diffuse start's own are about 1e-6 of it).
constexpr double kRankTolerance = 1e-13;

// ArmaLikelihood declines a start whose one-step variance F_0 exceeds this (an AR part near a
// unit root): F_t then falls to about 1 by cancellation in the recursions, which loses about
// log10(F_0) digits. Up to 100 the criterion stays within 1e-10 relative of KalmanFilter's
// on austres ARIMA(2,0,2) over the whole parameter space BFGS visits; at 1e4, 1e-8.
constexpr double kRecursionVarianceLimit = 1e2;

double At(std::span<const double> v, Index i) {
  return i < static_cast<Index>(v.size()) ? v[static_cast<std::size_t>(i)] : 0.0;
}

// out = T x for one state vector (or one column of a covariance), with T the transition of
// `m` (out not aliased with x): ARMA rows phi_i x_0 + x_{i+1}; the first differencing row Z'x;
// the others shift down.
void ApplyTransition(const StateSpace& m, const double* x, double* out) {
  const Index r = m.r;
  const auto d = static_cast<Index>(m.delta.size());
  for (Index i = 0; i + 1 < r; ++i) out[i] = x[i + 1];
  out[r - 1] = 0.0;
  for (Index i = 0; i < static_cast<Index>(m.phi.size()); ++i) {
    out[i] += m.phi[static_cast<std::size_t>(i)] * x[0];
  }
  if (d == 0) return;
  out[r] = x[0];
  for (Index k = 0; k < d; ++k) out[r] += m.delta[static_cast<std::size_t>(k)] * x[r + k];
  for (Index k = 1; k < d; ++k) out[r + k] = x[r + k - 1];
}

// Z'x.
double Observe(const StateSpace& m, const Eigen::VectorXd& x) {
  double v = x[0];
  for (std::size_t k = 0; k < m.delta.size(); ++k) v += m.delta[k] * x[m.r + static_cast<Index>(k)];
  return v;
}

// P <- T P T' + R R', as T (T P)' (P symmetric up to rounding): A = T P column by column
// (ApplyTransition), then row a of the result = the combination of A's columns that row a of T
// names, with ApplyTransition's operations in its order. Plain loops over contiguous columns:
// the sizes are small (r + d' <= about 30) and dynamic.
void PropagateCovariance(const StateSpace& m, Eigen::MatrixXd& P, Eigen::MatrixXd& scratch) {
  const Index s = m.Size();
  const Index r = m.r;
  const auto d = static_cast<Index>(m.delta.size());
  const auto p = static_cast<Index>(m.phi.size());
  scratch.resize(s, s);
  auto phi = [&](Index i) { return i < p ? m.phi[static_cast<std::size_t>(i)] : 0.0; };
  for (Index c = 0; c < s; ++c) ApplyTransition(m, P.col(c).data(), scratch.col(c).data());
  // P(a, b) = (T scratch')(a, b) = sum_l T(a, l) scratch(b, l): column b of P' is
  // ApplyTransition's row a applied to the columns of scratch.
  const double* a0 = scratch.col(0).data();
  for (Index a = 0; a + 1 < r; ++a) {
    const double* next = scratch.col(a + 1).data();
    for (Index b = 0; b < s; ++b) P(a, b) = next[b];
  }
  for (Index b = 0; b < s; ++b) P(r - 1, b) = 0.0;
  for (Index a = 0; a < p; ++a) {
    const double f = phi(a);
    for (Index b = 0; b < s; ++b) P(a, b) += f * a0[b];
  }
  if (d > 0) {
    for (Index b = 0; b < s; ++b) P(r, b) = a0[b];
    for (Index k = 0; k < d; ++k) {
      const double f = m.delta[static_cast<std::size_t>(k)];
      const double* col = scratch.col(r + k).data();
      for (Index b = 0; b < s; ++b) P(r, b) += f * col[b];
    }
    for (Index k = 1; k < d; ++k) {
      const double* col = scratch.col(r + k - 1).data();
      for (Index b = 0; b < s; ++b) P(r + k, b) = col[b];
    }
  }
  const Index q = static_cast<Index>(m.theta.size());
  auto v = [&](Index i) { return i == 0 ? 1.0 : m.theta[static_cast<std::size_t>(i - 1)]; };
  for (Index j = 0; j <= q; ++j) {
    for (Index i = 0; i <= q; ++i) P(i, j) += v(i) * v(j);
  }
}

// The first row x_j = Q_0j of the stationary covariance Q = T Q T' + R R' of the r ARMA
// states, into ws.first_row. v = (1, theta): R R'. Q_ij = v_i v_j + phi_i phi_j Q_00 +
// phi_i Q_0,j+1 + phi_j Q_0,i+1 + Q_i+1,j+1 unrolls along diagonals into r equations in x.
void StationaryFirstRow(std::span<const double> phi, std::span<const double> theta,
                        ArmaWorkspace& ws) {
  const Index r = static_cast<Index>(std::max(phi.size(), theta.size() + 1));
  auto v = [&](Index i) { return i == 0 ? 1.0 : At(theta, i - 1); };
  auto ph = [&](Index i) { return At(phi, i); };
  ws.system.setIdentity(r, r);
  ws.rhs.setZero(r);
  for (Index j = 0; j < r; ++j) {
    for (Index k = 0; j + k < r; ++k) {
      ws.rhs[j] += v(k) * v(j + k);
      ws.system(j, 0) -= ph(k) * ph(j + k);
      if (j + k + 1 < r) ws.system(j, j + k + 1) -= ph(k);
      if (k + 1 < r) ws.system(j, k + 1) -= ph(j + k);
    }
  }
  ws.lu.compute(ws.system);
  ws.first_row = ws.lu.solve(ws.rhs);
}

// Factors the symmetric ws.system (r x r) as W M W' with W an orthonormal basis (r x k) of
// its range, into ws.change (W, row-major) and ws.weight (M = W' S W, k x k); returns k.
// Modified Gram-Schmidt with column pivoting: each step takes the largest remaining column,
// orthogonalises it again against the basis so far, and removes its direction from the
// others; it stops once no column exceeds kRankTolerance times the largest of S. O(r^2 k):
// on seasonal models P_1 - P_0 has rank 2 at r up to 17, where an eigendecomposition cost
// O(r^3) per likelihood evaluation. A non-finite S gives k = 0, as its NaN components do not
// pass the test.
std::size_t LowRankFactor(Index r, ArmaWorkspace& ws) {
  const Eigen::MatrixXd& s = ws.system;
  ws.residual = s;
  ws.basis.resize(r, r);
  Eigen::VectorXd& norms = ws.norms;
  norms = ws.residual.colwise().norm().transpose();
  const double floor = kRankTolerance * norms.maxCoeff();
  Index k = 0;
  while (k < r) {
    Index pivot = 0;
    const double largest = norms.maxCoeff(&pivot);
    if (!(largest > floor)) break;
    Eigen::VectorXd q = ws.residual.col(pivot);
    for (Index j = 0; j < k; ++j) q -= ws.basis.col(j).dot(q) * ws.basis.col(j);
    const double length = q.norm();
    if (!(length > floor)) break;
    q /= length;
    for (Index c = 0; c < r; ++c) {
      ws.residual.col(c) -= q.dot(ws.residual.col(c)) * q;
      norms[c] = ws.residual.col(c).norm();
    }
    ws.basis.col(k) = q;
    ++k;
  }
  const auto kk = static_cast<std::size_t>(k);
  const Eigen::MatrixXd weight = ws.basis.leftCols(k).transpose() * s * ws.basis.leftCols(k);
  ws.change.resize(static_cast<std::size_t>(r) * kk);
  ws.weight.resize(kk * kk);
  for (Index i = 0; i < r; ++i) {
    for (Index j = 0; j < k; ++j) {
      ws.change[static_cast<std::size_t>(i) * kk + static_cast<std::size_t>(j)] = ws.basis(i, j);
    }
  }
  for (Index i = 0; i < k; ++i) {
    for (Index j = 0; j < k; ++j) {
      ws.weight[static_cast<std::size_t>(i) * kk + static_cast<std::size_t>(j)] = weight(i, j);
    }
  }
  return kk;
}

}  // namespace

Eigen::MatrixXd StationaryCovariance(std::span<const double> phi, std::span<const double> theta) {
  const Index r = static_cast<Index>(std::max(phi.size(), theta.size() + 1));
  auto v = [&](Index i) { return i == 0 ? 1.0 : At(theta, i - 1); };
  auto ph = [&](Index i) { return At(phi, i); };
  ArmaWorkspace ws;
  StationaryFirstRow(phi, theta, ws);
  const Eigen::VectorXd& x = ws.first_row;
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
    ApplyTransition(m, m.a.data(), a_next.data());
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

ArmaStart DiffuseStart(std::span<const double> y, const Polynomials& arma,
                       const std::vector<double>& delta) {
  StateSpace model = MakeStateSpace(arma, delta);
  ArmaStart start;
  start.sums = KalmanFilter(y.first(std::min(y.size(), delta.size())), model, false);
  // The prediction for the next observation, as KalmanFilter's next step makes it.
  Eigen::VectorXd a_next(model.Size());
  Eigen::MatrixXd scratch(model.Size(), model.Size());
  ApplyTransition(model, model.a.data(), a_next.data());
  if (!delta.empty()) PropagateCovariance(model, model.P, scratch);
  start.a = a_next.head(model.r);
  start.P = model.P.topLeftCorner(model.r, model.r);
  return start;
}

std::optional<FilterSums> ArmaLikelihood(std::span<const double> w, const Polynomials& arma,
                                         const ArmaStart* start, bool residuals,
                                         ArmaWorkspace& ws) {
  FilterSums sums;
  const std::size_t n = w.size();
  if (residuals) sums.residuals.assign(n, 0.0);
  if (n == 0) return sums;
  const std::span<const double> phi(arma.phi);
  const std::span<const double> theta(arma.theta);
  const std::size_t p = phi.size();
  const std::size_t q = theta.size();
  const std::size_t r = std::max(p, q + 1);
  const auto ri = static_cast<Index>(r);
  auto add = [&sums](double e, double f) {
    if (f < kDiffuseGain) {
      ++sums.used;
      sums.sum_squares += e * e / f;
      sums.sum_log_variance += std::log(f);
    }
  };
  ws.gain.resize(r);
  ws.state.assign(r, 0.0);
  ws.innovation.resize(n);
  double* const gain = ws.gain.data();
  double* const state = ws.state.data();
  double* const innovation = ws.innovation.data();

  // t = 0 from the prediction (a_0, P_0): F_0 = Z'P_0 Z, L_0 = T P_0 Z, a_1 = T a_0 + L_0 / F_0
  // e_0, P_1 = T P_0 T' + R R' - L_0 L_0' / F_0; then P_1 - P_0 = W_1 M_1 W_1'.
  std::size_t k = 1;
  double f = 0.0;
  if (start == nullptr) {
    // The stationary start: P_0 = Q, so P_1 - P_0 = -L_0 L_0' / F_0: W_1 = L_0, M_1 = -1 / F_0.
    StationaryFirstRow(phi, theta, ws);
    f = ws.first_row[0];
    for (std::size_t i = 0; i < r; ++i) {
      gain[i] = (i + 1 < r ? ws.first_row[static_cast<Index>(i + 1)] : 0.0) +
                (i < p ? phi[i] * ws.first_row[0] : 0.0);
    }
    if (!(f <= kRecursionVarianceLimit)) return std::nullopt;
    ws.change.assign(gain, gain + r);
    ws.weight.assign(1, -1.0 / f);
  } else {
    const Eigen::MatrixXd& p0 = start->P;
    std::copy(start->a.data(), start->a.data() + ri, state);
    f = p0(0, 0);
    if (!(f <= kRecursionVarianceLimit)) return std::nullopt;
    for (std::size_t i = 0; i < r; ++i) {
      gain[i] = (i + 1 < r ? p0(static_cast<Index>(i + 1), 0) : 0.0) + (i < p ? phi[i] * f : 0.0);
    }
    // P_1 - P_0 = T P_0 T' - P_0 + R R' - L_0 L_0' / F_0 = W M W', W a basis of its range
    // (LowRankFactor); directions at rounding level are dropped.
    ws.system.resize(ri, ri);
    for (Index i = 0; i < ri; ++i) {
      for (Index j = 0; j < ri; ++j) {
        auto tpt = [&](Index a, Index b) {  // (T P_0 T')_ab
          const auto phi_at = [&](Index c) { return At(phi, c); };
          const auto p_at = [&](Index c, Index d) { return c < ri && d < ri ? p0(c, d) : 0.0; };
          return p_at(a + 1, b + 1) + phi_at(a) * p_at(0, b + 1) + phi_at(b) * p_at(a + 1, 0) +
                 phi_at(a) * phi_at(b) * p0(0, 0);
        };
        const double vi = i == 0 ? 1.0 : At(theta, i - 1);
        const double vj = j == 0 ? 1.0 : At(theta, j - 1);
        ws.system(i, j) = tpt(i, j) - p0(i, j) + vi * vj -
                          gain[static_cast<std::size_t>(i)] * gain[static_cast<std::size_t>(j)] / f;
      }
    }
    k = LowRankFactor(ri, ws);
  }
  {
    const double e = w[0] - state[0];
    const double a0 = state[0];
    for (std::size_t i = 0; i < r; ++i) {
      state[i] = (i + 1 < r ? state[i + 1] : 0.0) + (i < p ? phi[i] * a0 : 0.0) + gain[i] / f * e;
    }
    innovation[0] = e;
    add(e, f);
    if (residuals) sums.residuals[0] = e / std::sqrt(f);
  }
  ws.zw.resize(k);
  ws.mzw.resize(k);
  ws.tw.resize(k);
  double* const change = ws.change.data();  // W_t, r x k, row-major.
  double* const weight = ws.weight.data();  // M_t, k x k.
  double* const zw = ws.zw.data();
  double* const mzw = ws.mzw.data();
  double* const tw = ws.tw.data();

  // t >= 1, with P_t = P_(t-1) + W_t M_t W_t': F_t = F_(t-1) + Z'W_t M_t W_t'Z, L_t = L_(t-1) +
  // T W_t M_t W_t'Z, a_(t+1) = T a_t + L_t / F_t (w_t - Z'a_t), W_(t+1) = (T - L_t Z' / F_t) W_t,
  // M_(t+1) = M_t + M_t W_t'Z Z'W_t M_t / F_(t-1). T is the companion matrix, (T x)_i = phi_i
  // x_0 + x_(i+1), so a step is one pass over the r states, updated in place in increasing i.
  const std::size_t lags = std::max(p, q);
  std::size_t t = 1;
  for (; t < n; ++t) {
    double s = 0.0;
    for (std::size_t j = 0; j < k; ++j) zw[j] = change[j];
    for (std::size_t j = 0; j < k; ++j) {
      double v = 0.0;
      for (std::size_t l = 0; l < k; ++l) v += weight[j * k + l] * zw[l];
      mzw[j] = v;
      s += zw[j] * v;
    }
    const double f_previous = f;
    f += s;
    const double e = w[t] - state[0];
    const double a0 = state[0];
    const double inverse_f = 1.0 / f;
    for (std::size_t i = 0; i < r; ++i) {
      double* const row = change + i * k;
      const double phi_i = i < p ? phi[i] : 0.0;
      double update = 0.0;
      for (std::size_t j = 0; j < k; ++j) {
        tw[j] = (i + 1 < r ? row[k + j] : 0.0) + phi_i * zw[j];
        update += tw[j] * mzw[j];
      }
      gain[i] += update;
      const double g = gain[i] * inverse_f;
      state[i] = (i + 1 < r ? state[i + 1] : 0.0) + phi_i * a0 + g * e;
      for (std::size_t j = 0; j < k; ++j) row[j] = tw[j] - g * zw[j];
    }
    for (std::size_t j = 0; j < k; ++j) {
      for (std::size_t l = 0; l < k; ++l) weight[j * k + l] += mzw[j] * mzw[l] / f_previous;
    }
    innovation[t] = e;
    add(e, f);
    if (residuals) sums.residuals[t] = e / std::sqrt(f);
    if (std::abs(f - 1.0) < kQuickRecursionTolerance && t + 1 >= lags) {
      ++t;
      break;
    }
  }
  if (t < n) sums.quick_from = static_cast<long>(t);
  for (; t < n; ++t) {
    double e = w[t];
    for (std::size_t i = 0; i < p; ++i) e -= phi[i] * w[t - i - 1];
    for (std::size_t j = 0; j < q; ++j) e -= theta[j] * innovation[t - j - 1];
    innovation[t] = e;
    ++sums.used;
    sums.sum_squares += e * e;
    if (residuals) sums.residuals[t] = e;
  }
  return sums;
}

FilterSums ArimaLikelihood(std::span<const double> y, std::span<const double> w,
                           const Polynomials& arma, const std::vector<double>& delta,
                           ArmaWorkspace& workspace) {
  // Without differencing, KalmanFilter is the ARMA filter already; kept bit for bit (see the
  // header) rather than replaced by the recursions from the stationary start.
  if (!delta.empty()) {
    const ArmaStart start = DiffuseStart(y, arma, delta);
    std::optional<FilterSums> sums = ArmaLikelihood(w, arma, &start, false, workspace);
    if (sums) {
      sums->sum_squares += start.sums.sum_squares;
      sums->sum_log_variance += start.sums.sum_log_variance;
      sums->used += start.sums.used;
      return *std::move(sums);
    }
  }
  StateSpace model = MakeStateSpace(arma, delta);
  return KalmanFilter(y, model, false);
}

void DifferenceInPlace(std::vector<double>& w, const ArimaSpec& spec) {
  const std::size_t n = w.size();
  for (int i = 0; i < spec.d; ++i) {
    for (std::size_t t = n; t-- > 1;) w[t] -= w[t - 1];
  }
  const auto m = static_cast<std::size_t>(spec.period);
  for (int i = 0; i < spec.seasonal_d; ++i) {
    for (std::size_t t = n; t-- > m;) w[t] -= w[t - m];
  }
}

double ConditionalSumOfSquares(std::span<const double> y, const ArimaSpec& spec,
                               const Polynomials& arma, int n_condition) {
  std::vector<double> w(y.begin(), y.end());
  DifferenceInPlace(w, spec);
  CssWorkspace workspace;
  return DifferencedSumOfSquares(w, arma, n_condition, workspace);
}

double DifferencedSumOfSquares(std::span<const double> w, const Polynomials& arma, int n_condition,
                               CssWorkspace& ws) {
  const std::size_t n = w.size();
  // The expanded seasonal polynomials are mostly zeros; a zero term leaves R's sum unchanged
  // (x - 0 y = x for finite y, and an infinite residual has made the sum infinite already).
  auto nonzero = [](const std::vector<double>& c,
                    std::vector<std::pair<std::size_t, double>>& out) {
    out.clear();
    for (std::size_t j = 0; j < c.size(); ++j) {
      if (c[j] != 0.0) out.emplace_back(j + 1, c[j]);
    }
  };
  nonzero(arma.phi, ws.ar);
  nonzero(arma.theta, ws.ma);
  ws.e.assign(n, 0.0);
  double* const e = ws.e.data();
  const auto start = static_cast<std::size_t>(n_condition);
  double ssq = 0.0;
  int used = 0;
  auto record = [&](std::size_t t, double v) {
    e[t] = v;
    if (!std::isnan(v)) {
      ++used;
      ssq += v * v;
    }
  };
  // R reads the MA lags back to the conditioning start only: until the longest lag is
  // reached, each term is checked.
  const std::size_t ma_span = ws.ma.empty() ? 0 : ws.ma.back().first;
  const std::size_t steady = std::min(n, start + ma_span);
  std::size_t t = start;
  for (; t < steady; ++t) {
    double v = w[t];
    for (const auto& [lag, c] : ws.ar) v -= c * w[t - lag];
    for (const auto& [lag, c] : ws.ma) {
      if (lag > t - start) break;
      v -= c * e[t - lag];
    }
    record(t, v);
  }
  // Then every term is read, and the most recent residual is subtracted last: the sum's one
  // dependency on the step before is then a single multiply-add instead of the whole chain,
  // so steps overlap. R adds the same terms in lag order; the two differ by rounding.
  if (ws.ma.empty()) {
    for (; t < n; ++t) {
      double v = w[t];
      for (const auto& [lag, c] : ws.ar) v -= c * w[t - lag];
      record(t, v);
    }
  } else {
    const auto [first_lag, first_coef] = ws.ma.front();
    // The previous residual stays in a register rather than making a round trip through
    // memory on the chain (the same value either way).
    double previous = t > 0 ? e[t - 1] : 0.0;
    for (; t < n; ++t) {
      double v = w[t];
      for (const auto& [lag, c] : ws.ar) v -= c * w[t - lag];
      for (std::size_t j = 1; j < ws.ma.size(); ++j) v -= ws.ma[j].second * e[t - ws.ma[j].first];
      v -= first_coef * (first_lag == 1 ? previous : e[t - first_lag]);
      record(t, v);
      previous = v;
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
    ApplyTransition(m, m.a.data(), a_next.data());
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
