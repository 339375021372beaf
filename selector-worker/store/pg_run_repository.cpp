// PgRunRepository: inserting runs (with request_id idempotency), reading and listing them.

#include "store/pg_run_repository.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "store/engine_json.h"
#include "store/page_token.h"
#include "store/pg_error.h"
#include "store/pg_run_rows.h"
#include "store/sql_values.h"

namespace champion::store {
namespace {

// A request_id the same caller already used inserts nothing (the partial unique index arbitrates
// the race; ON CONFLICT waits for a concurrent inserter to commit) and the original run is re-read.
constexpr std::string_view kInsertRun = R"sql(
INSERT INTO model_selection_run
  (selection_id, store_id, product_id, request, status, availability, total_candidates,
   failed_candidates, error_message, request_id, requested_by, request_fingerprint, started_at,
   completed_at)
VALUES (:selection_id, :store_id, :product_id, CAST(:request AS jsonb), :status,
        CAST(:availability AS jsonb), :total, :failed, :error_message, :request_id,
        :requested_by, sha256(convert_to(:fingerprint, 'UTF8')), now(),
        CASE WHEN :terminal = 1 THEN now() END)
ON CONFLICT (requested_by, request_id) WHERE request_id IS NOT NULL DO NOTHING
RETURNING selection_id)sql";

// Whether the original run was made from the same request (no fingerprint: an older run).
constexpr std::string_view kSelectByRequestId = R"sql(
SELECT selection_id,
       (request_fingerprint IS NULL
        OR request_fingerprint = sha256(convert_to(:fingerprint, 'UTF8')))::int
FROM model_selection_run WHERE requested_by = :requested_by AND request_id = :request_id)sql";

constexpr std::string_view kInsertPendingCandidate = R"sql(
INSERT INTO model_selection_candidate
  (selection_id, ordinal, model_type, params, status, folds_total, stage)
VALUES (:selection_id, :ordinal, :model_type, CAST(:params AS jsonb), 'pending', :folds_total,
        :stage))sql";

constexpr std::string_view kNotifyWork =
    R"sql(SELECT pg_notify('selection_work', :selection_id))sql";

constexpr std::string_view kSelectRunStatus = R"sql(
SELECT status FROM model_selection_run WHERE selection_id = :selection_id)sql";

// The same condition as the reaper's runs to settle, for one run: 1 ready, 0 not, no row: none.
constexpr std::string_view kReadyToSettle = R"sql(
SELECT CASE WHEN r.status IN ('pending', 'running')
             AND NOT EXISTS (SELECT 1 FROM model_selection_candidate c
                             WHERE c.selection_id = r.selection_id
                               AND c.status IN ('pending', 'running'))
            THEN 1 ELSE 0 END
FROM model_selection_run r WHERE r.selection_id = :selection_id)sql";

// Keyset pagination on the identity id (monotonic with created_at): newest first. The
// columns are pg_run_rows.cpp's kSelectRun order.
// The outcome comes without its chart data: the history needs only winner and confidence.
constexpr std::string_view kListRuns = R"sql(
SELECT r.selection_id, r.request::text, r.status, r.availability::text,
       jsonb_set(r.outcome, '{chart_data}', 'null'::jsonb)::text, NULL::text,
       r.error_message,
       (extract(epoch FROM r.created_at) * 1000000)::bigint,
       (extract(epoch FROM r.started_at) * 1000000)::bigint,
       (extract(epoch FROM r.completed_at) * 1000000)::bigint,
       (extract(epoch FROM r.cancel_requested_at) * 1000000)::bigint,
       r.id, s.code, s.name, p.sku, p.name
FROM model_selection_run r
JOIN store s ON s.id = r.store_id
JOIN product p ON p.id = r.product_id
WHERE (CAST(:store_id AS bigint) IS NULL OR r.store_id = CAST(:store_id AS bigint))
  AND (CAST(:product_id AS bigint) IS NULL OR r.product_id = CAST(:product_id AS bigint))
  AND (CAST(:status AS text) IS NULL OR r.status = CAST(:status AS text))
  AND (CAST(:created_from AS date) IS NULL
       OR r.created_at >= CAST(:created_from AS date)::timestamp AT TIME ZONE 'UTC')
  AND (CAST(:created_to AS date) IS NULL
       OR r.created_at < (CAST(:created_to AS date) + 1)::timestamp AT TIME ZONE 'UTC')
  AND (CAST(:after_id AS bigint) = 0 OR r.id < CAST(:after_id AS bigint))
ORDER BY r.id DESC
LIMIT :limit)sql";

constexpr std::string_view kPageKind = "runs";
constexpr int kMaxRunPageSize = 100;

void InsertCandidates(soci::session& sql, const NewRun& run) {
  for (std::size_t i = 0; i < run.spec.candidates.size(); ++i) {
    const runs::CandidateSpec& c = run.spec.candidates[i];
    const int ordinal = static_cast<int>(i);
    const std::string params = EncodeParams(c.params);
    const int folds = i < run.folds_total.size() ? run.folds_total[i] : 0;
    const int stage = i < run.stages.size() ? run.stages[i] : 0;
    sql << kInsertPendingCandidate, soci::use(run.selection_id, "selection_id"),
        soci::use(ordinal, "ordinal"), soci::use(c.model_type, "model_type"),
        soci::use(params, "params"), soci::use(folds, "folds_total"), soci::use(stage, "stage");
  }
}

}  // namespace

absl::StatusOr<InsertOutcome> PgRunRepository::InsertRun(const NewRun& run) {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("insert run", [&]() -> absl::StatusOr<InsertOutcome> {
    const bool failed = !run.failure_message.empty();
    const std::string request = EncodeSelectionSpec(run.spec);
    const std::string availability = run.availability ? EncodeAvailability(*run.availability) : "";
    soci::indicator availability_ind = run.availability ? soci::i_ok : soci::i_null;
    const std::string& request_id = run.spec.request_id;
    soci::indicator request_id_ind = request_id.empty() ? soci::i_null : soci::i_ok;
    soci::indicator error_ind = failed ? soci::i_ok : soci::i_null;
    const std::string status = failed ? "failed" : "running";
    const long long store_id = run.spec.store_id, product_id = run.spec.product_id;
    const int total = failed ? 0 : static_cast<int>(run.spec.candidates.size());
    const int failed_count = 0, terminal = failed ? 1 : 0;
    std::string inserted;
    soci::transaction tx(*sql);
    *sql << kInsertRun, soci::use(run.selection_id, "selection_id"),
        soci::use(store_id, "store_id"), soci::use(product_id, "product_id"),
        soci::use(request, "request"), soci::use(status, "status"),
        soci::use(availability, availability_ind, "availability"), soci::use(total, "total"),
        soci::use(failed_count, "failed"),
        soci::use(run.failure_message, error_ind, "error_message"),
        soci::use(request_id, request_id_ind, "request_id"),
        soci::use(run.spec.requested_by, "requested_by"), soci::use(run.fingerprint, "fingerprint"),
        soci::use(terminal, "terminal"), soci::into(inserted);
    if (!sql->got_data()) {
      tx.rollback();
      std::string original;
      int same_request = 0;
      *sql << kSelectByRequestId, soci::use(run.fingerprint, "fingerprint"),
          soci::use(run.spec.requested_by, "requested_by"), soci::use(request_id, "request_id"),
          soci::into(original), soci::into(same_request);
      if (!sql->got_data()) return absl::AbortedError("request_id conflict; retry");
      if (same_request == 0) {
        return absl::AlreadyExistsError(
            absl::StrCat("request_id '", request_id, "' was already used for run ", original,
                         " with a different request; send that request unchanged to get run ",
                         original, " again, or use a new request_id"));
      }
      return InsertOutcome{original, false};
    }
    if (!failed) {
      InsertCandidates(*sql, run);
      *sql << kNotifyWork, soci::use(run.selection_id, "selection_id");
    }
    tx.commit();
    return InsertOutcome{run.selection_id, true};
  });
}

absl::StatusOr<runs::RunRecord> PgRunRepository::GetRun(const std::string& selection_id) {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("get run", [&]() { return LoadRun(*sql, selection_id, true); });
}

absl::StatusOr<runs::RunStatus> PgRunRepository::GetRunStatus(const std::string& selection_id) {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("get run status", [&]() -> absl::StatusOr<runs::RunStatus> {
    std::string status;
    *sql << kSelectRunStatus, soci::use(selection_id, "selection_id"), soci::into(status);
    if (!sql->got_data())
      return absl::NotFoundError(absl::StrCat("run ", selection_id, " not found"));
    const std::optional<runs::RunStatus> parsed = runs::ParseRunStatus(status);
    if (!parsed) return absl::InternalError(absl::StrCat("unknown run status ", status));
    return *parsed;
  });
}

absl::StatusOr<bool> PgRunRepository::ReadyToSettle(const std::string& selection_id) {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("check run readiness", [&]() -> absl::StatusOr<bool> {
    int ready = 0;
    *sql << kReadyToSettle, soci::use(selection_id, "selection_id"), soci::into(ready);
    if (!sql->got_data())
      return absl::NotFoundError(absl::StrCat("run ", selection_id, " not found"));
    return ready == 1;
  });
}

absl::StatusOr<runs::RunPage> PgRunRepository::ListRuns(const runs::RunFilter& filter) {
  if (filter.page_size < 1 || filter.page_size > kMaxRunPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size must be in 1..", kMaxRunPageSize, ", got ", filter.page_size));
  }
  ASSIGN_OR_RETURN(const int64_t after_id, DecodePageToken(kPageKind, filter.page_token));
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("list runs", [&]() -> absl::StatusOr<runs::RunPage> {
    const long long store_id = filter.store_id.value_or(0);
    const long long product_id = filter.product_id.value_or(0);
    const std::string status = filter.status ? runs::RunStatusName(*filter.status) : "";
    soci::indicator store_ind = filter.store_id ? soci::i_ok : soci::i_null;
    soci::indicator product_ind = filter.product_id ? soci::i_ok : soci::i_null;
    soci::indicator status_ind = filter.status ? soci::i_ok : soci::i_null;
    const std::string created_from = filter.created_from ? FormatDate(*filter.created_from) : "";
    const std::string created_to = filter.created_to ? FormatDate(*filter.created_to) : "";
    soci::indicator from_ind = filter.created_from ? soci::i_ok : soci::i_null;
    soci::indicator to_ind = filter.created_to ? soci::i_ok : soci::i_null;
    const long long after = after_id;
    const int limit = filter.page_size + 1;  // one more tells whether a next page exists
    runs::RunPage page;
    long long last_id = 0;
    soci::rowset<soci::row> rows =
        (sql->prepare << kListRuns, soci::use(store_id, store_ind, "store_id"),
         soci::use(product_id, product_ind, "product_id"), soci::use(status, status_ind, "status"),
         soci::use(created_from, from_ind, "created_from"),
         soci::use(created_to, to_ind, "created_to"), soci::use(after, "after_id"),
         soci::use(limit, "limit"));
    for (const soci::row& row : rows) {
      if (static_cast<int>(page.runs.size()) == filter.page_size) {
        page.next_page_token = EncodePageToken(kPageKind, last_id);
        break;
      }
      ASSIGN_OR_RETURN(runs::RunRecord run, RunFromRow(row, false));
      last_id = row.get<long long>(11);
      run.labels = {.store_code = row.get<std::string>(12),
                    .store_name = row.get<std::string>(13),
                    .product_sku = row.get<std::string>(14),
                    .product_name = row.get<std::string>(15)};
      page.runs.push_back(std::move(run));
    }
    std::vector<std::string> ids;
    for (const runs::RunRecord& run : page.runs) ids.push_back(run.selection_id);
    ASSIGN_OR_RETURN(auto candidates, LoadCandidateSummaries(*sql, ids));
    for (auto& [selection_id, candidate] : candidates) {
      for (runs::RunRecord& run : page.runs) {
        if (run.selection_id == selection_id) run.candidates.push_back(std::move(candidate));
      }
    }
    return page;
  });
}

}  // namespace champion::store
