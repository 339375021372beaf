#include "engine/kernels/arima_bfgs.h"

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "Eigen/Dense"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "common/status_macros.h"

namespace champion::engine::arima {
namespace {

// R's vmmin constants: step reduction, Armijo acceptance and the "no change" test.
constexpr double kStepReduction = 0.2;
constexpr double kAcceptTolerance = 1e-4;
constexpr double kNoChangeOffset = 10.0;

// The objective on the optimiser's coordinates u = x / parscale, with its cancellation check.
// With `memo`, values are remembered by the exact bits of x: optimhess asks for most points
// twice (f(x + h e_i + h e_j) in rows i and j, f(x) once per row), and the objective is
// deterministic, so a repeated point gives the same value without a second evaluation.
class Scaled {
 public:
  Scaled(const std::function<double(std::span<const double>)>& objective,
         std::vector<double> parscale, const CancelToken& cancel, bool memo = false)
      : objective_(objective), parscale_(std::move(parscale)), cancel_(cancel), memo_(memo) {}

  absl::StatusOr<double> Value(const Eigen::VectorXd& u) {
    RETURN_IF_ERROR(CheckCancelled(cancel_));
    x_.resize(parscale_.size());
    for (std::size_t i = 0; i < x_.size(); ++i)
      x_[i] = u[static_cast<Eigen::Index>(i)] * parscale_[i];
    if (!memo_) return objective_(x_);
    key_.resize(x_.size());
    for (std::size_t i = 0; i < x_.size(); ++i) key_[i] = std::bit_cast<std::uint64_t>(x_[i]);
    const auto [it, inserted] = values_.try_emplace(key_, 0.0);
    if (inserted) it->second = objective_(x_);
    return it->second;
  }

  // Central differences with step h on every coordinate (R's fmingr without bounds).
  absl::StatusOr<Eigen::VectorXd> Gradient(Eigen::VectorXd u, double h) {
    Eigen::VectorXd g(u.size());
    for (Eigen::Index i = 0; i < u.size(); ++i) {
      const double ui = u[i];
      u[i] = ui + h;
      ASSIGN_OR_RETURN(const double up, Value(u));
      u[i] = ui - h;
      ASSIGN_OR_RETURN(const double down, Value(u));
      u[i] = ui;
      g[i] = (up - down) / (2 * h);
      if (!std::isfinite(g[i])) {
        return absl::InvalidArgumentError("BFGS: non-finite finite-difference gradient");
      }
    }
    return g;
  }

  std::vector<double> Unscale(const Eigen::VectorXd& u) const {
    std::vector<double> x(parscale_.size());
    for (std::size_t i = 0; i < x.size(); ++i)
      x[i] = u[static_cast<Eigen::Index>(i)] * parscale_[i];
    return x;
  }

 private:
  const std::function<double(std::span<const double>)>& objective_;
  std::vector<double> parscale_;
  const CancelToken& cancel_;
  bool memo_;
  std::vector<double> x_;
  std::vector<std::uint64_t> key_;
  absl::flat_hash_map<std::vector<std::uint64_t>, double> values_;
};

}  // namespace

absl::StatusOr<BfgsResult> MinimizeBfgs(
    const std::function<double(std::span<const double>)>& objective, std::vector<double> start,
    const CancelToken& cancel, const BfgsOptions& options) {
  const Eigen::Index n = static_cast<Eigen::Index>(start.size());
  std::vector<double> parscale = options.parscale;
  if (parscale.empty()) parscale.assign(start.size(), 1.0);
  if (parscale.size() != start.size()) {
    return absl::InvalidArgumentError("BFGS needs one parscale entry per coordinate");
  }
  Scaled f(objective, parscale, cancel);
  Eigen::VectorXd b(n);
  for (Eigen::Index i = 0; i < n; ++i) b[i] = start[i] / parscale[i];
  ASSIGN_OR_RETURN(double fmin, f.Value(b));
  if (options.max_iterations <= 0 || n == 0) return BfgsResult{start, fmin, true};
  if (!std::isfinite(fmin)) return absl::InvalidArgumentError("BFGS: initial value not finite");

  const double h = options.gradient_step;
  const double reltol = options.relative_tolerance;
  ASSIGN_OR_RETURN(Eigen::VectorXd g, f.Gradient(b, h));
  int iterations = 1;
  int gradient_count = 1;
  int last_reset = gradient_count;
  Eigen::MatrixXd inverse_hessian = Eigen::MatrixXd::Identity(n, n);
  Eigen::Index unchanged = 0;
  do {
    if (last_reset == gradient_count) inverse_hessian.setIdentity();
    const Eigen::VectorXd x = b;
    const Eigen::VectorXd old_g = g;
    Eigen::VectorXd t = -(inverse_hessian * g);
    const double slope = t.dot(g);
    if (slope < 0.0) {  // Downhill: backtrack until the Armijo condition holds.
      double step = 1.0;
      bool accepted = false;
      double value = fmin;
      do {
        unchanged = 0;
        for (Eigen::Index i = 0; i < n; ++i) {
          b[i] = x[i] + step * t[i];
          if (kNoChangeOffset + x[i] == kNoChangeOffset + b[i]) ++unchanged;
        }
        if (unchanged < n) {
          ASSIGN_OR_RETURN(value, f.Value(b));
          accepted = std::isfinite(value) && value <= fmin + slope * step * kAcceptTolerance;
          if (!accepted) step *= kStepReduction;
        }
      } while (unchanged != n && !accepted);
      if (std::fabs(value - fmin) <= reltol * (std::fabs(fmin) + reltol)) {
        unchanged = n;  // Too little progress: R stops here (it keeps the last point).
        fmin = value;
      }
      if (unchanged < n) {
        fmin = value;
        ASSIGN_OR_RETURN(g, f.Gradient(b, h));
        ++gradient_count;
        ++iterations;
        t *= step;
        const Eigen::VectorXd dg = g - old_g;
        const double d1 = t.dot(dg);
        if (d1 > 0) {  // BFGS update of the inverse Hessian.
          const Eigen::VectorXd hdg = inverse_hessian * dg;
          const double d2 = 1.0 + dg.dot(hdg) / d1;
          inverse_hessian.noalias() +=
              (d2 * t * t.transpose() - hdg * t.transpose() - t * hdg.transpose()) / d1;
        } else {
          last_reset = gradient_count;
        }
      } else if (last_reset < gradient_count) {  // No progress: restart from steepest descent.
        unchanged = 0;
        last_reset = gradient_count;
      }
    } else {  // Uphill direction: reset, unless just reset.
      unchanged = 0;
      if (last_reset == gradient_count) {
        unchanged = n;
      } else {
        last_reset = gradient_count;
      }
    }
    if (iterations >= options.max_iterations) break;
    if (gradient_count - last_reset > 2 * n) last_reset = gradient_count;  // Periodic restart.
  } while (unchanged != n || last_reset != gradient_count);
  return BfgsResult{f.Unscale(b), fmin, iterations < options.max_iterations};
}

absl::StatusOr<Eigen::MatrixXd> OptimHessian(
    const std::function<double(std::span<const double>)>& objective, std::span<const double> x,
    const CancelToken& cancel, const BfgsOptions& options) {
  const auto n = static_cast<Eigen::Index>(x.size());
  std::vector<double> parscale = options.parscale;
  if (parscale.empty()) parscale.assign(x.size(), 1.0);
  if (parscale.size() != x.size()) {
    return absl::InvalidArgumentError("optimhess needs one parscale entry per coordinate");
  }
  Scaled f(objective, parscale, cancel, /*memo=*/true);
  Eigen::VectorXd u(n);
  for (Eigen::Index i = 0; i < n; ++i) u[i] = x[static_cast<std::size_t>(i)] / parscale[i];
  const double h = options.gradient_step;
  Eigen::MatrixXd hessian(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    // R divides the step by parscale once more here (optim.c), on scaled coordinates.
    const double eps = h / parscale[static_cast<std::size_t>(i)];
    const double ui = u[i];
    u[i] = ui + eps;
    ASSIGN_OR_RETURN(const Eigen::VectorXd up, f.Gradient(u, h));
    u[i] = ui - eps;
    ASSIGN_OR_RETURN(const Eigen::VectorXd down, f.Gradient(u, h));
    u[i] = ui;
    for (Eigen::Index j = 0; j < n; ++j) {
      hessian(i, j) = (up[j] - down[j]) / (2 * eps * parscale[static_cast<std::size_t>(i)] *
                                           parscale[static_cast<std::size_t>(j)]);
    }
  }
  const Eigen::MatrixXd symmetric = 0.5 * (hessian + hessian.transpose());
  return symmetric;
}

}  // namespace champion::engine::arima
