#include "engine/kernels/optimize.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "absl/status/status.h"
#include "nlopt.h"

namespace champion::engine {
namespace {

struct Context {
  const std::function<double(std::span<const double>)>* objective;
  const CancelToken* cancel;
  nlopt_opt opt;
  bool cancelled = false;
};

double Trampoline(unsigned n, const double* x, double* /*grad*/, void* data) {
  auto* ctx = static_cast<Context*>(data);
  if (ctx->cancel->IsCancelled()) {
    ctx->cancelled = true;
    nlopt_force_stop(ctx->opt);
    return HUGE_VAL;
  }
  const double v = (*ctx->objective)(std::span<const double>(x, n));
  return std::isfinite(v) ? v : 1e300;
}

struct OptDeleter {
  void operator()(nlopt_opt opt) const { nlopt_destroy(opt); }
};

}  // namespace

absl::StatusOr<std::vector<double>> Minimize(
    const std::function<double(std::span<const double>)>& objective, std::vector<double> x,
    const std::vector<double>& lower, const std::vector<double>& upper, const CancelToken& cancel,
    const MinimizeOptions& options) {
  const std::size_t n = x.size();
  if (n == 0 || lower.size() != n || upper.size() != n) {
    return absl::InvalidArgumentError("Minimize needs start, lower and upper of one size > 0");
  }
  if (absl::Status s = CheckCancelled(cancel); !s.ok()) return s;
  for (std::size_t i = 0; i < n; ++i) x[i] = std::clamp(x[i], lower[i], upper[i]);
  nlopt_algorithm algorithm = n == 1 ? NLOPT_LN_NELDERMEAD : NLOPT_LN_BOBYQA;
  if (options.algorithm == MinimizeAlgorithm::kSubplex) algorithm = NLOPT_LN_SBPLX;
  if (!options.initial_step.empty() && options.initial_step.size() != n) {
    return absl::InvalidArgumentError("Minimize needs one initial step per coordinate");
  }
  std::unique_ptr<nlopt_opt_s, OptDeleter> opt(nlopt_create(algorithm, static_cast<unsigned>(n)));
  if (!opt) return absl::InternalError("nlopt_create failed");
  Context ctx{&objective, &cancel, opt.get()};
  nlopt_set_lower_bounds(opt.get(), lower.data());
  nlopt_set_upper_bounds(opt.get(), upper.data());
  nlopt_set_min_objective(opt.get(), &Trampoline, &ctx);
  nlopt_set_maxeval(opt.get(), options.max_evaluations);
  nlopt_set_xtol_rel(opt.get(), options.relative_tolerance);
  nlopt_set_ftol_rel(opt.get(), options.relative_tolerance);
  if (options.absolute_f_tolerance > 0) {
    nlopt_set_ftol_abs(opt.get(), options.absolute_f_tolerance);
  }
  if (!options.initial_step.empty()) nlopt_set_initial_step(opt.get(), options.initial_step.data());
  double best = 0.0;
  const nlopt_result result = nlopt_optimize(opt.get(), x.data(), &best);
  if (ctx.cancelled || result == NLOPT_FORCED_STOP) return absl::CancelledError("cancelled");
  if (result < 0 && result != NLOPT_ROUNDOFF_LIMITED) {
    return absl::InternalError("NLopt failed to minimise the objective");
  }
  // BOBYQA's rescaling can leave a coordinate an ulp outside its bound.
  for (std::size_t i = 0; i < n; ++i) x[i] = std::clamp(x[i], lower[i], upper[i]);
  return x;
}

}  // namespace champion::engine
