#include "store/pg_run_rows.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "store/engine_json.h"

namespace champion::store {
namespace {

// Column order shared with kListRuns (pg_run_repository.cpp): RunFromRow reads it.
constexpr std::string_view kSelectRun = R"sql(
SELECT r.selection_id, r.request::text, r.status, r.availability::text, r.outcome::text,
       r.final_model::text, r.error_message,
       (extract(epoch FROM r.created_at) * 1000000)::bigint,
       (extract(epoch FROM r.started_at) * 1000000)::bigint,
       (extract(epoch FROM r.completed_at) * 1000000)::bigint,
       (extract(epoch FROM r.cancel_requested_at) * 1000000)::bigint,
       r.id
FROM model_selection_run r
WHERE r.selection_id = :selection_id)sql";

constexpr std::string_view kSelectCandidates = R"sql(
SELECT candidate_id::text, ordinal, model_type, params::text, status, error_message, error_type,
       attempt, folds_done, folds_total,
       (extract(epoch FROM started_at) * 1000000)::bigint,
       (extract(epoch FROM completed_at) * 1000000)::bigint,
       duration_ms, result::text, selection_id
FROM model_selection_candidate
WHERE selection_id = :selection_id
ORDER BY ordinal)sql";

// Same columns as kSelectCandidates, results left out, for a page of runs at once.
constexpr std::string_view kSelectCandidateSummaries = R"sql(
SELECT candidate_id::text, ordinal, model_type, params::text, status, error_message, error_type,
       attempt, folds_done, folds_total,
       (extract(epoch FROM started_at) * 1000000)::bigint,
       (extract(epoch FROM completed_at) * 1000000)::bigint,
       duration_ms, NULL::text, selection_id
FROM model_selection_candidate
WHERE selection_id = ANY (string_to_array(:selection_ids, ','))
ORDER BY selection_id, ordinal)sql";

std::string Text(const soci::row& row, std::size_t column) {
  return row.get_indicator(column) == soci::i_null ? std::string() : row.get<std::string>(column);
}

absl::StatusOr<runs::CandidateRecord> CandidateFromRow(const soci::row& row) {
  runs::CandidateRecord c;
  c.candidate_id = row.get<std::string>(0);
  c.ordinal = row.get<int>(1);
  c.model_type = row.get<std::string>(2);
  ASSIGN_OR_RETURN(c.params, DecodeParams(row.get<std::string>(3)));
  const std::string status = row.get<std::string>(4);
  const std::optional<runs::CandidateStatus> parsed = runs::ParseCandidateStatus(status);
  if (!parsed) return absl::InternalError(absl::StrCat("unknown candidate status ", status));
  c.status = *parsed;
  c.error_message = Text(row, 5);
  c.error_type = Text(row, 6);
  c.attempt = row.get<int>(7);
  c.folds_done = row.get<int>(8);
  c.folds_total = row.get<int>(9);
  c.started_at = TimeAt(row, 10);
  c.completed_at = TimeAt(row, 11);
  if (row.get_indicator(12) != soci::i_null) c.duration_ms = row.get<long long>(12);
  if (row.get_indicator(13) != soci::i_null) {
    ASSIGN_OR_RETURN(c.result, DecodeBacktestResult(row.get<std::string>(13)));
  }
  return c;
}

}  // namespace

std::optional<absl::Time> TimeAt(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return std::nullopt;
  return absl::FromUnixMicros(row.get<long long>(column));
}

long long LeaseMillis(absl::Duration lease) {
  return std::max<long long>(1, absl::ToInt64Milliseconds(lease));
}

absl::StatusOr<runs::RunRecord> RunFromRow(const soci::row& row, bool with_results) {
  runs::RunRecord run;
  run.selection_id = row.get<std::string>(0);
  ASSIGN_OR_RETURN(run.spec, DecodeSelectionSpec(row.get<std::string>(1)));
  const std::string status = row.get<std::string>(2);
  const std::optional<runs::RunStatus> parsed = runs::ParseRunStatus(status);
  if (!parsed) return absl::InternalError(absl::StrCat("unknown run status ", status));
  run.status = *parsed;
  if (row.get_indicator(3) != soci::i_null) {
    ASSIGN_OR_RETURN(run.availability, DecodeAvailability(row.get<std::string>(3)));
  }
  if (row.get_indicator(4) != soci::i_null) {
    ASSIGN_OR_RETURN(run.outcome, DecodeSelectionOutcome(row.get<std::string>(4)));
  }
  if (with_results && row.get_indicator(5) != soci::i_null) {
    ASSIGN_OR_RETURN(run.final_model, DecodeFinalModel(row.get<std::string>(5)));
  }
  run.error_message = Text(row, 6);
  run.created_at = TimeAt(row, 7).value_or(absl::UnixEpoch());
  run.started_at = TimeAt(row, 8);
  run.completed_at = TimeAt(row, 9);
  run.cancel_requested_at = TimeAt(row, 10);
  return run;
}

absl::StatusOr<runs::RunRecord> LoadRun(soci::session& sql, const std::string& selection_id,
                                        bool with_results) {
  std::optional<runs::RunRecord> run;
  {
    soci::rowset<soci::row> rows =
        (sql.prepare << kSelectRun, soci::use(selection_id, "selection_id"));
    for (const soci::row& row : rows) {
      ASSIGN_OR_RETURN(run, RunFromRow(row, with_results));
    }
  }
  if (!run) return absl::NotFoundError(absl::StrCat("run ", selection_id, " not found"));
  soci::rowset<soci::row> rows =
      (sql.prepare << kSelectCandidates, soci::use(selection_id, "selection_id"));
  for (const soci::row& row : rows) {
    ASSIGN_OR_RETURN(runs::CandidateRecord c, CandidateFromRow(row));
    if (!with_results) c.result.reset();
    run->candidates.push_back(std::move(c));
  }
  return *std::move(run);
}

absl::StatusOr<std::vector<std::pair<std::string, runs::CandidateRecord>>> LoadCandidateSummaries(
    soci::session& sql, const std::vector<std::string>& selection_ids) {
  std::vector<std::pair<std::string, runs::CandidateRecord>> out;
  if (selection_ids.empty()) return out;
  // selection ids are 32 hex digits (CHECK constraint), so a comma list is unambiguous.
  const std::string ids = absl::StrJoin(selection_ids, ",");
  soci::rowset<soci::row> rows =
      (sql.prepare << kSelectCandidateSummaries, soci::use(ids, "selection_ids"));
  for (const soci::row& row : rows) {
    ASSIGN_OR_RETURN(runs::CandidateRecord c, CandidateFromRow(row));
    out.emplace_back(row.get<std::string>(14), std::move(c));
  }
  return out;
}

}  // namespace champion::store
