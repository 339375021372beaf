#pragma once

// Value types of a model-selection run as the runs layer, the store and the service layer
// share them: a validated request (SelectionSpec), and what a run is at any moment
// (RunRecord with its CandidateRecords). No proto, no SQL.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "engine/backtest/backtest.h"
#include "engine/backtest/intervals.h"
#include "engine/backtest/split_config.h"
#include "engine/models/params.h"
#include "engine/selection/ranking.h"
#include "engine/selection/selection.h"
#include "engine/series/availability.h"
#include "engine/series/series.h"

namespace champion::runs {

enum class RunStatus { kPending, kRunning, kCompleted, kPartial, kFailed, kCancelled };
enum class CandidateStatus { kPending, kRunning, kCompleted, kFailed, kCancelled };

//! Wire/SQL names: "pending", "running", "completed", "partial", "failed", "cancelled".
const char* RunStatusName(RunStatus status);
const char* CandidateStatusName(CandidateStatus status);
bool IsTerminal(RunStatus status);
bool IsTerminal(CandidateStatus status);
//! Inverses of the names above; nullopt for any other string.
std::optional<RunStatus> ParseRunStatus(std::string_view name);
std::optional<CandidateStatus> ParseCandidateStatus(std::string_view name);
//! docs/API.md's terminal status of a run from its terminal candidates: all completed -> completed;
//! all cancelled -> cancelled; >= 1 completed and >= 1 failed or cancelled -> partial;
//! otherwise (all failed, failed + cancelled, or no candidate at all) -> failed.
RunStatus TerminalRunStatus(int completed, int failed, int cancelled);

//! One requested candidate, params as the caller sent them (validated when it runs: a bad
//! param fails that candidate only).
struct CandidateSpec {
  std::string model_type;
  engine::Params params;
};

//! engine::kDefaultQuantileLevels as a vector.
std::vector<double> DefaultQuantileLevels();

//! A request that passed request-level validation, with every default resolved.
struct SelectionSpec {
  int64_t store_id = 0;
  int64_t product_id = 0;
  //! Inclusive window; nullopt ends take the pair's first / last observed day at submit time.
  std::optional<absl::CivilDay> window_start;
  std::optional<absl::CivilDay> window_end;
  int forecast_horizon = 14;
  engine::RankingMetric ranking_metric = engine::RankingMetric::kWape;
  engine::SplitConfig split;  //!< split.horizon == forecast_horizon.
  engine::RankingPolicy policy;
  engine::FillMissingDays fill_missing = engine::FillMissingDays::kNone;
  int feature_frame_version = 1;
  std::vector<std::string> feature_groups;
  bool auto_train_winner = false;  //!< Synchronous runs only (no-op in async runs).
  bool auto_predict = false;       //!< Synchronous runs only (no-op in async runs).
  //! Levels of the forecast's quantiles, increasing, in [0.01, 0.99].
  std::vector<double> quantile_levels = DefaultQuantileLevels();
  std::string request_id;  //!< Idempotency key; empty means none.
  //! Who asked (the caller's identity key, "" without authentication): request_id is unique
  //! per caller. Not part of the request text or its fingerprint.
  std::string requested_by;
  std::vector<CandidateSpec> candidates;  //!< 1..10, in submit order (= ordinals 0..n-1).
};

struct CandidateRecord {
  std::string candidate_id;
  int ordinal = 0;
  std::string model_type;
  engine::Params params;  //!< As requested.
  CandidateStatus status = CandidateStatus::kPending;
  std::string error_message;  //!< Empty unless failed or cancelled.
  std::string error_type;     //!< absl status code name of the failure, e.g. "INVALID_ARGUMENT".
  int attempt = 0;
  int folds_done = 0;
  int folds_total = 0;
  std::optional<absl::Time> started_at;
  std::optional<absl::Time> completed_at;
  std::optional<int64_t> duration_ms;
  //! The backtest of a completed candidate (folds with dates, actuals, predictions, metrics).
  std::optional<engine::BacktestResult> result;
};

//! The champion refit on the whole window, and its forecast with prediction quantiles.
struct FinalModel {
  std::string model_type;
  engine::Params params;
  absl::CivilDay trained_from;
  absl::CivilDay trained_to;
  int n_observations = 0;
  //! forecast_horizon days after trained_to.
  std::vector<absl::CivilDay> forecast_dates;
  std::vector<double> forecast_values;
  //! Increasing levels in (0, 1) and, per level, one value per forecast day.
  std::vector<double> quantile_levels;
  std::vector<std::vector<double>> forecast_quantiles;
  std::string interval_method;  //!< "model" or "conformal"; empty without quantiles.
};

struct RunRecord {
  std::string selection_id;  //!< 32 lowercase hex digits.
  SelectionSpec spec;        //!< Window ends resolved.
  RunStatus status = RunStatus::kPending;
  std::optional<engine::Availability> availability;
  //! Set once the run is settled with at least a ranking (absent for a rejected pair).
  std::optional<engine::SelectionOutcome> outcome;
  std::optional<FinalModel> final_model;
  std::string error_message;
  absl::Time created_at;
  std::optional<absl::Time> started_at;
  std::optional<absl::Time> completed_at;
  std::optional<absl::Time> cancel_requested_at;
  std::vector<CandidateRecord> candidates;  //!< Ordinal order.
  //! The pair's catalog labels; filled by listings (RunPage), empty elsewhere.
  struct PairLabels {
    std::string store_code;
    std::string store_name;
    std::string product_sku;
    std::string product_name;
  } labels;
};

//! Run history filter (ListRuns), newest first.
struct RunFilter {
  std::optional<int64_t> store_id;
  std::optional<int64_t> product_id;
  std::optional<RunStatus> status;
  //! Inclusive bounds on the UTC day the run was created.
  std::optional<absl::CivilDay> created_from;
  std::optional<absl::CivilDay> created_to;
  int page_size = 20;      //!< 1..100
  std::string page_token;  //!< Opaque; empty for the first page.
};

struct RunPage {
  std::vector<RunRecord> runs;  //!< Summaries: candidates present, results/outcome may be omitted.
  std::string next_page_token;
};

}  // namespace champion::runs
