#pragma once

// Automatic ETS form selection by AICc (R forecast's ets(y, model = "ZZZ") defaults).

#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/cancel_token.h"
#include "engine/kernels/ets_fit.h"

namespace champion::engine::ets {

//! Seasons longer than this are ignored (R: "frequency greater than 24").
inline constexpr int kMaxSeasonalPeriod = 24;

//! The forms auto selection tries for y with `period` observations per season, in R's
//! order: error A then M (M only when every value is > 0), trend N, Ad, A, season N, A, M
//! (seasons only when 2 <= period <= 24 and y holds >= 2 full seasons; M season only with M
//! error). Excluded as in R: additive error with multiplicative season, and multiplicative
//! trends (R's default allow.multiplicative.trend = FALSE). Forms longer than y allows
//! (MinimumLength) are left out.
std::vector<Form> CandidateForms(std::span<const double> y, int period);

//! Fits every candidate form and keeps the one with the smallest AICc (the first one on a
//! tie). A constant series gets ETS(A,N,N) with alpha = 0.9999 and no optimisation (R does
//! the same, since the likelihood is degenerate). InvalidArgument when no form fits (fewer
//! than MinimumLength(ETS(A,N,N)) = 5 points); Cancelled via the token (checked before each
//! form and at every optimiser evaluation).
//!
//! `warm_starts` (optional): earlier fits of some forms to data this series extends (the
//! previous backtest fold's `fits`); each is FitForm's warm_start for its form. `fits`
//! (optional, out): every form fitted here, in CandidateForms order. `options`: FitForm's.
absl::StatusOr<FittedForm> SelectForm(std::span<const double> y, int period,
                                      const CancelToken& cancel,
                                      std::span<const FittedForm> warm_starts = {},
                                      std::vector<FittedForm>* fits = nullptr,
                                      const SearchOptions& options = {});

}  // namespace champion::engine::ets
