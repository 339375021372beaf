#include "engine/kernels/ets_select.h"

#include <algorithm>
#include <optional>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace champion::engine::ets {

std::vector<Form> CandidateForms(std::span<const double> y, int period) {
  const bool positive = std::all_of(y.begin(), y.end(), [](double v) { return v > 0; });
  const auto n = static_cast<long>(y.size());
  const bool seasonal = period >= 2 && period <= kMaxSeasonalPeriod && n >= 2L * period;
  std::vector<Form> forms;
  for (ErrorKind error : {ErrorKind::kAdditive, ErrorKind::kMultiplicative}) {
    if (error == ErrorKind::kMultiplicative && !positive) continue;
    for (TrendKind trend : {TrendKind::kNone, TrendKind::kDamped, TrendKind::kAdditive}) {
      for (SeasonKind season :
           {SeasonKind::kNone, SeasonKind::kAdditive, SeasonKind::kMultiplicative}) {
        if (season != SeasonKind::kNone && !seasonal) continue;
        if (error == ErrorKind::kAdditive && season == SeasonKind::kMultiplicative) continue;
        const Form form{.error = error,
                        .trend = trend,
                        .season = season,
                        .period = season == SeasonKind::kNone ? 1 : period};
        if (n >= MinimumLength(form)) forms.push_back(form);
      }
    }
  }
  // R loops error, trend (N, A), season, then damped (TRUE, FALSE): reorder to match.
  std::stable_sort(forms.begin(), forms.end(), [](const Form& a, const Form& b) {
    auto key = [](const Form& f) {
      const int trend = f.trend == TrendKind::kNone ? 0 : 1;
      const int damped = f.trend == TrendKind::kAdditive ? 1 : 0;
      return std::make_tuple(static_cast<int>(f.error), trend, static_cast<int>(f.season), damped);
    };
    return key(a) < key(b);
  });
  return forms;
}

absl::StatusOr<FittedForm> SelectForm(std::span<const double> y, int period,
                                      const CancelToken& cancel,
                                      std::span<const FittedForm> warm_starts,
                                      std::vector<FittedForm>* fits, const SearchOptions& options) {
  RETURN_IF_ERROR(CheckCancelled(cancel));
  if (fits != nullptr) fits->clear();
  const Form ann{};
  if (static_cast<int>(y.size()) < MinimumLength(ann)) {
    return absl::InvalidArgumentError(
        absl::StrCat("auto_ets needs at least ", MinimumLength(ann), " points, got ", y.size()));
  }
  if (std::all_of(y.begin(), y.end(), [&](double v) { return v == y[0]; })) {
    FittedForm fit{.form = ann, .smoothing = {.alpha = kSmoothingMax}};
    fit.initial.level = y[0];
    fit.final_states = fit.initial;
    fit.n = static_cast<int>(y.size());
    fit.parameter_count = ParameterCount(ann);
    fit.neg2loglik = -1e10;  // R's floor for a perfect fit.
    const double k = fit.parameter_count;
    fit.aicc = fit.neg2loglik + 2 * k + 2 * k * (k + 1) / (fit.n - k - 1);
    return fit;
  }
  std::optional<FittedForm> best;
  for (const Form& form : CandidateForms(y, period)) {
    RETURN_IF_ERROR(CheckCancelled(cancel));
    const auto warm = std::find_if(warm_starts.begin(), warm_starts.end(),
                                   [&](const FittedForm& w) { return w.form == form; });
    absl::StatusOr<FittedForm> fit =
        FitForm(y, form, cancel,
                warm == warm_starts.end() ? std::span<const double>() : warm->coordinates, options);
    if (absl::IsCancelled(fit.status())) return fit.status();
    if (!fit.ok()) continue;  // R skips a form whose fit fails.
    if (fits != nullptr) fits->push_back(*fit);
    if (!best || fit->aicc < best->aicc) best = *std::move(fit);
  }
  if (!best) return absl::InvalidArgumentError("auto_ets: no ETS form could be fitted");
  return *std::move(best);
}

}  // namespace champion::engine::ets
