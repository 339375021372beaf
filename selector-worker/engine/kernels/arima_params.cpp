#include "engine/kernels/arima_params.h"

#include <cmath>
#include <complex>
#include <cstddef>

#include "Eigen/Dense"
#include "absl/strings/str_cat.h"

namespace champion::engine::arima {
namespace {

using Complex = std::complex<double>;

// Partial autocorrelations (after tanh) to AR coefficients: Durbin-Levinson, block in place.
void PacfToAr(std::span<double> block) {
  for (double& v : block) v = std::tanh(v);
  std::vector<double> previous(block.begin(), block.end());
  for (std::size_t j = 1; j < block.size(); ++j) {
    const double a = block[j];
    for (std::size_t k = 0; k < j; ++k) block[k] = previous[k] - a * previous[j - k - 1];
    for (std::size_t k = 0; k < j; ++k) previous[k] = block[k];
  }
}

// The inverse: Durbin-Levinson run backwards, then atanh.
void ArToPacf(std::span<double> block) {
  std::vector<double> next(block.size());
  for (std::size_t j = block.size(); j-- > 1;) {
    const double a = block[j];
    for (std::size_t k = 0; k < j; ++k) next[k] = (block[k] + a * block[j - k - 1]) / (1 - a * a);
    for (std::size_t k = 0; k < j; ++k) block[k] = next[k];
  }
  for (double& v : block) v = std::atanh(v);
}

// Applies `map` to the AR and the seasonal AR blocks of R's coefficient layout.
template <typename Map>
std::vector<double> MapArBlocks(std::span<const double> coef, const ArimaSpec& spec, Map map) {
  std::vector<double> out(coef.begin(), coef.end());
  map(std::span<double>(out).subspan(0, spec.p));
  map(std::span<double>(out).subspan(spec.p + spec.q, spec.seasonal_p));
  return out;
}

// Number of coefficients up to the last non-zero one.
std::size_t EffectiveOrder(std::span<const double> c) {
  std::size_t k = c.size();
  while (k > 0 && c[k - 1] == 0.0) --k;
  return k;
}

// Eigenvalues of the companion matrix with first row `first_row`: the reciprocals of the
// roots of 1 - first_row_1 z - ... - first_row_k z^k.
Eigen::VectorXcd CompanionEigenvalues(std::span<const double> first_row) {
  const auto k = static_cast<Eigen::Index>(first_row.size());
  Eigen::MatrixXd c = Eigen::MatrixXd::Zero(k, k);
  for (Eigen::Index j = 0; j < k; ++j) c(0, j) = first_row[static_cast<std::size_t>(j)];
  if (k > 1) c.bottomLeftCorner(k - 1, k - 1).setIdentity();
  return Eigen::EigenSolver<Eigen::MatrixXd>(c, /*computeEigenvectors=*/false).eigenvalues();
}

}  // namespace

absl::Status ValidateSpec(const ArimaSpec& s) {
  if (s.p < 0 || s.d < 0 || s.q < 0 || s.seasonal_p < 0 || s.seasonal_d < 0 || s.seasonal_q < 0) {
    return absl::InvalidArgumentError(absl::StrCat("ARIMA orders must be non-negative, got (", s.p,
                                                   ",", s.d, ",", s.q, ")(", s.seasonal_p, ",",
                                                   s.seasonal_d, ",", s.seasonal_q, ")"));
  }
  if (s.period < 1) {
    return absl::InvalidArgumentError(absl::StrCat("ARIMA period must be >= 1, got ", s.period));
  }
  if (s.period == 1 && s.seasonal_p + s.seasonal_d + s.seasonal_q > 0) {
    return absl::InvalidArgumentError("seasonal ARIMA orders need a period > 1");
  }
  if (s.include_drift && s.Differences() != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ARIMA drift needs exactly one difference (d + D == 1), got d + D = ", s.Differences()));
  }
  return absl::OkStatus();
}

Polynomials ExpandArma(std::span<const double> coef, const ArimaSpec& s, bool transform) {
  const std::vector<double> c =
      transform ? UndoTransform(coef, s) : std::vector<double>(coef.begin(), coef.end());
  const int m = s.period;
  Polynomials out{std::vector<double>(static_cast<std::size_t>(s.p + m * s.seasonal_p)),
                  std::vector<double>(static_cast<std::size_t>(s.q + m * s.seasonal_q))};
  const double* ar = c.data();
  const double* ma = ar + s.p;
  const double* sar = ma + s.q;
  const double* sma = sar + s.seasonal_p;
  for (int i = 0; i < s.p; ++i) out.phi[i] = ar[i];
  for (int i = 0; i < s.q; ++i) out.theta[i] = ma[i];
  for (int j = 0; j < s.seasonal_p; ++j) {
    out.phi[(j + 1) * m - 1] += sar[j];
    for (int i = 0; i < s.p; ++i) out.phi[(j + 1) * m + i] -= ar[i] * sar[j];
  }
  for (int j = 0; j < s.seasonal_q; ++j) {
    out.theta[(j + 1) * m - 1] += sma[j];
    for (int i = 0; i < s.q; ++i) out.theta[(j + 1) * m + i] += ma[i] * sma[j];
  }
  return out;
}

std::vector<double> UndoTransform(std::span<const double> coef, const ArimaSpec& spec) {
  return MapArBlocks(coef, spec, PacfToAr);
}

std::vector<double> InverseTransform(std::span<const double> coef, const ArimaSpec& spec) {
  return MapArBlocks(coef, spec, ArToPacf);
}

bool IsStationary(std::span<const double> ar) {
  const std::size_t k = EffectiveOrder(ar);
  if (k == 0) return true;
  // Roots of 1 - sum ar z^j outside the unit circle <=> companion eigenvalues inside.
  return (CompanionEigenvalues(ar.subspan(0, k)).array().abs() < 1.0).all();
}

std::vector<double> InvertMa(std::span<const double> ma) {
  std::vector<double> out(ma.begin(), ma.end());
  const std::size_t k = EffectiveOrder(ma);
  if (k == 0) return out;
  // 1 + sum ma_j z^j = prod (1 - lambda_i z), lambda = eigenvalues of the companion of -ma;
  // a root 1 / lambda_i inside the unit circle is one with |lambda_i| > 1.
  std::vector<double> negated(ma.begin(), ma.begin() + static_cast<long>(k));
  for (double& v : negated) v = -v;
  Eigen::VectorXcd lambda = CompanionEigenvalues(negated);
  if ((lambda.array().abs() <= 1.0).all()) return out;
  if (k == 1) {
    out[0] = 1.0 / ma[0];
    return out;
  }
  for (Complex& l : lambda) {
    if (std::abs(l) > 1.0) l = 1.0 / l;
  }
  std::vector<Complex> poly{1.0};  // prod (1 - lambda_i z), lowest power first.
  for (const Complex& l : lambda) {
    poly.push_back(0.0);
    for (std::size_t j = poly.size() - 1; j > 0; --j) poly[j] -= l * poly[j - 1];
  }
  for (std::size_t j = 0; j < k; ++j) out[j] = poly[j + 1].real();
  return out;
}

std::vector<double> DifferencingCoefficients(const ArimaSpec& s) {
  std::vector<double> poly{1.0};
  auto multiply = [&poly](int lag) {
    poly.resize(poly.size() + static_cast<std::size_t>(lag), 0.0);
    for (std::size_t j = poly.size(); j-- > static_cast<std::size_t>(lag);) {
      poly[j] -= poly[j - static_cast<std::size_t>(lag)];
    }
  };
  for (int i = 0; i < s.d; ++i) multiply(1);
  for (int i = 0; i < s.seasonal_d; ++i) multiply(s.period);
  std::vector<double> out(poly.begin() + 1, poly.end());
  for (double& v : out) v = -v;
  return out;
}

std::vector<double> Difference(std::span<const double> y, const ArimaSpec& s) {
  std::vector<double> w(y.begin(), y.end());
  auto difference = [&w](std::size_t lag) {
    if (w.size() <= lag) {
      w.clear();
      return;
    }
    for (std::size_t i = w.size(); i-- > lag;) w[i] -= w[i - lag];
    w.erase(w.begin(), w.begin() + static_cast<long>(lag));
  };
  for (int i = 0; i < s.d; ++i) difference(1);
  for (int i = 0; i < s.seasonal_d; ++i) difference(static_cast<std::size_t>(s.period));
  return w;
}

}  // namespace champion::engine::arima
