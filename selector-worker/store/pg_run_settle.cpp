// PgRunRepository::SettleRun: the exactly-once settle of a run.

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "store/engine_json.h"
#include "store/pg_error.h"
#include "store/pg_run_repository.h"
#include "store/pg_run_rows.h"

namespace champion::store {
namespace {

// The run row lock serialises settles (and cancels) of one run: a second settler waits here
// and then finds the run terminal.
constexpr std::string_view kLockRun = R"sql(
SELECT status FROM model_selection_run WHERE selection_id = :selection_id FOR UPDATE)sql";

constexpr std::string_view kCountCandidates = R"sql(
SELECT count(*) FILTER (WHERE status IN ('pending', 'running')),
       count(*) FILTER (WHERE status = 'completed'),
       count(*) FILTER (WHERE status = 'failed'),
       count(*) FILTER (WHERE status = 'cancelled')
FROM model_selection_candidate WHERE selection_id = :selection_id)sql";

// Compare-and-set on the run status (belt and braces behind the row lock): a terminal run is
// never written again. The outcome document is authoritative; the ranking/winner/chart/summary
// columns repeat its parts for SQL readers. settle_count counts settle writes (tests: 1).
constexpr std::string_view kWriteSettle = R"sql(
UPDATE model_selection_run
SET status = :status,
    outcome = CAST(:outcome AS jsonb),
    ranking = CAST(:outcome AS jsonb) -> 'ranking',
    winner = (SELECT e FROM jsonb_array_elements(CAST(:outcome AS jsonb) -> 'ranking' -> 'entries') e
              WHERE e ->> 'rank' = '1'),
    chart_data = NULLIF(CAST(:outcome AS jsonb) -> 'chart_data', 'null'::jsonb),
    business_summary = CAST(:outcome AS jsonb) -> 'business_summary',
    significance = NULLIF(CAST(:outcome AS jsonb) -> 'significance', 'null'::jsonb),
    recommendation_confidence = CAST(:outcome AS jsonb) -> 'confidence' ->> 'level',
    confidence_reasons = CAST(:outcome AS jsonb) -> 'confidence' -> 'reasons',
    completed_candidates = :completed, failed_candidates = :failed,
    cancelled_candidates = :cancelled,
    final_model = NULLIF(CAST(:final_model AS jsonb), 'null'::jsonb),
    completed_at = now(), settled_by = :settled_by, settle_count = settle_count + 1,
    updated_at = now()
WHERE selection_id = :selection_id AND status IN ('pending', 'running'))sql";

constexpr std::string_view kNotifyProgress = R"sql(
SELECT pg_notify('selection_progress', :selection_id))sql";

}  // namespace

absl::StatusOr<bool> PgRunRepository::SettleRun(const std::string& selection_id,
                                                const std::string& settled_by,
                                                const SettleFunction& settle) {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("settle run", [&]() -> absl::StatusOr<bool> {
    soci::transaction tx(*sql);
    std::string current;
    *sql << kLockRun, soci::use(selection_id, "selection_id"), soci::into(current);
    if (!sql->got_data())
      return absl::NotFoundError(absl::StrCat("run ", selection_id, " not found"));
    const std::optional<runs::RunStatus> status = runs::ParseRunStatus(current);
    if (!status || runs::IsTerminal(*status)) return false;
    long long unfinished = 0, completed = 0, failed = 0, cancelled = 0;
    *sql << kCountCandidates, soci::use(selection_id, "selection_id"), soci::into(unfinished),
        soci::into(completed), soci::into(failed), soci::into(cancelled);
    if (unfinished > 0) return false;
    ASSIGN_OR_RETURN(runs::RunRecord run, LoadRun(*sql, selection_id, true));
    ASSIGN_OR_RETURN(Settlement settlement, settle(run));
    const std::string outcome_json = EncodeSelectionOutcome(settlement.outcome);
    const std::string final_model_json =
        settlement.final_model ? EncodeFinalModel(*settlement.final_model) : "null";
    const std::string terminal = runs::RunStatusName(runs::TerminalRunStatus(
        static_cast<int>(completed), static_cast<int>(failed), static_cast<int>(cancelled)));
    const int completed_count = static_cast<int>(completed),
              failed_count = static_cast<int>(failed),
              cancelled_count = static_cast<int>(cancelled);
    soci::statement st =
        (sql->prepare << kWriteSettle, soci::use(terminal, "status"),
         soci::use(outcome_json, "outcome"), soci::use(final_model_json, "final_model"),
         soci::use(completed_count, "completed"), soci::use(failed_count, "failed"),
         soci::use(cancelled_count, "cancelled"), soci::use(settled_by, "settled_by"),
         soci::use(selection_id, "selection_id"));
    st.execute(true);
    if (st.get_affected_rows() != 1) return false;
    *sql << kNotifyProgress, soci::use(selection_id, "selection_id");
    tx.commit();
    return true;
  });
}

}  // namespace champion::store
