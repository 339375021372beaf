// PgRunRepository: the candidate queue — claims, leases, progress and terminal writes.

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "store/engine_json.h"
#include "store/pg_error.h"
#include "store/pg_run_repository.h"
#include "store/pg_run_rows.h"

namespace champion::store {
namespace {

// The oldest claimable pending candidate, locked with SKIP LOCKED so concurrent claimers get
// distinct rows. Never a candidate of a run with a cancel request, nor one whose run still has
// an unfinished candidate of a lower stage (e.g. an ensemble combines the others' results).
constexpr std::string_view kClaim = R"sql(
UPDATE model_selection_candidate c
SET status = 'running', lease_owner = :owner,
    lease_expires_at = now() + :lease_ms * interval '1 millisecond',
    started_at = now(), completed_at = NULL, duration_ms = NULL, folds_done = 0,
    attempt = c.attempt + 1
FROM model_selection_run r
WHERE r.selection_id = c.selection_id
  AND c.status = 'pending'
  AND c.candidate_id = (
    SELECT p.candidate_id
    FROM model_selection_candidate p
    JOIN model_selection_run pr ON pr.selection_id = p.selection_id
    WHERE p.status = 'pending'
      AND pr.cancel_requested_at IS NULL
      AND (p.stage = 0 OR NOT EXISTS (
            SELECT 1 FROM model_selection_candidate o
            WHERE o.selection_id = p.selection_id AND o.stage < p.stage
              AND o.status IN ('pending', 'running')))
    ORDER BY p.created_at, p.ordinal
    LIMIT 1
    FOR UPDATE OF p SKIP LOCKED)
RETURNING c.candidate_id::text, c.selection_id, c.ordinal, c.model_type, c.params::text,
          c.attempt, c.folds_total, r.request::text)sql";

// Every write of a holder below is compare-and-set on (candidate, attempt, owner): a stale
// attempt (its lease expired and the candidate was claimed again, by any process, this one
// included) matches no row.

constexpr std::string_view kRenewLeases = R"sql(
UPDATE model_selection_candidate c
SET lease_expires_at = now() + :lease_ms * interval '1 millisecond'
FROM model_selection_run r
WHERE c.lease_owner = :owner AND c.status = 'running' AND r.selection_id = c.selection_id
  AND (c.candidate_id, c.attempt) IN (
    SELECT * FROM unnest(CAST(string_to_array(:candidate_ids, ',') AS uuid[]),
                         CAST(string_to_array(:attempts, ',') AS int[])))
RETURNING c.candidate_id::text, c.attempt, c.selection_id,
          (r.cancel_requested_at IS NOT NULL)::int)sql";

// The attempt is handed back: it did not fail, its worker left. attempt itself never goes
// down (it is the fencing token); released_attempts keeps it out of max_attempts.
constexpr std::string_view kReleaseCandidate = R"sql(
UPDATE model_selection_candidate
SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, started_at = NULL,
    folds_done = 0, released_attempts = released_attempts + 1
WHERE candidate_id = CAST(:candidate_id AS uuid) AND status = 'running'
  AND attempt = :attempt AND lease_owner = :owner
RETURNING selection_id)sql";

constexpr std::string_view kRecordProgress = R"sql(
UPDATE model_selection_candidate SET folds_done = :folds_done
WHERE candidate_id = CAST(:candidate_id AS uuid) AND status = 'running'
  AND attempt = :attempt AND lease_owner = :owner
RETURNING selection_id)sql";

constexpr std::string_view kNotifyProgress = R"sql(
SELECT pg_notify('selection_progress', :selection_id))sql";

// The terminal write. A lost lease (reaped, claimed again) matches no row, so the result is
// discarded, never double-written. :folds < 0 keeps folds_done.
constexpr std::string_view kFinishCandidate = R"sql(
UPDATE model_selection_candidate
SET status = :status, result = CAST(:result AS jsonb), error_message = :error_message,
    error_type = :error_type,
    folds_done = CASE WHEN :folds >= 0 THEN :folds ELSE folds_done END,
    folds_total = CASE WHEN :folds >= 0 THEN :folds ELSE folds_total END,
    lease_expires_at = NULL, completed_at = now(), duration_ms = :duration_ms
WHERE candidate_id = CAST(:candidate_id AS uuid) AND status = 'running'
  AND attempt = :attempt AND lease_owner = :owner
RETURNING selection_id)sql";

// Read after the terminal write committed, so of two candidates finishing together the later
// one always sees both terminal (and settles). The second count: pending candidates of a later
// stage that nothing holds back any more (this write may have released them).
constexpr std::string_view kCountUnfinished = R"sql(
SELECT count(*) FILTER (WHERE c.status IN ('pending', 'running')),
       count(*) FILTER (WHERE c.status = 'pending' AND c.stage > 0 AND NOT EXISTS (
         SELECT 1 FROM model_selection_candidate o
         WHERE o.selection_id = c.selection_id AND o.stage < c.stage
           AND o.status IN ('pending', 'running')))
FROM model_selection_candidate c WHERE c.selection_id = :selection_id)sql";

constexpr std::string_view kNotifyWork =
    R"sql(SELECT pg_notify('selection_work', :selection_id))sql";

constexpr std::string_view kCancelRequested = R"sql(
SELECT (cancel_requested_at IS NOT NULL)::int FROM model_selection_run
WHERE selection_id = :selection_id)sql";

}  // namespace

absl::StatusOr<std::optional<ClaimedCandidate>> PgRunRepository::Claim(const std::string& owner,
                                                                       absl::Duration lease) {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("claim candidate", [&]() -> absl::StatusOr<std::optional<ClaimedCandidate>> {
    const long long lease_ms = LeaseMillis(lease);
    std::optional<ClaimedCandidate> claimed;
    soci::rowset<soci::row> rows =
        (sql->prepare << kClaim, soci::use(owner, "owner"), soci::use(lease_ms, "lease_ms"));
    for (const soci::row& row : rows) {
      ClaimedCandidate c;
      c.candidate_id = row.get<std::string>(0);
      c.selection_id = row.get<std::string>(1);
      c.ordinal = row.get<int>(2);
      c.model_type = row.get<std::string>(3);
      ASSIGN_OR_RETURN(c.params, DecodeParams(row.get<std::string>(4)));
      c.attempt = row.get<int>(5);
      c.folds_total = row.get<int>(6);
      ASSIGN_OR_RETURN(c.spec, DecodeSelectionSpec(row.get<std::string>(7)));
      claimed = std::move(c);
    }
    return claimed;
  });
}

absl::StatusOr<std::vector<RenewedLease>> PgRunRepository::RenewLeases(
    const std::string& owner, const std::vector<CandidateAttempt>& held, absl::Duration lease) {
  if (held.empty()) return std::vector<RenewedLease>{};
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("renew leases", [&]() -> absl::StatusOr<std::vector<RenewedLease>> {
    const long long lease_ms = LeaseMillis(lease);
    // Candidate ids are uuids and attempts integers (no commas): comma lists are unambiguous.
    const std::string ids = absl::StrJoin(
        held, ",", [](std::string* out, const auto& h) { out->append(h.candidate_id); });
    const std::string attempts = absl::StrJoin(
        held, ",", [](std::string* out, const auto& h) { absl::StrAppend(out, h.attempt); });
    std::vector<RenewedLease> renewed;
    soci::rowset<soci::row> rows =
        (sql->prepare << kRenewLeases, soci::use(lease_ms, "lease_ms"), soci::use(owner, "owner"),
         soci::use(ids, "candidate_ids"), soci::use(attempts, "attempts"));
    for (const soci::row& row : rows) {
      renewed.push_back({{row.get<std::string>(0), row.get<int>(1)},
                         row.get<std::string>(2),
                         row.get<int>(3) != 0});
    }
    return renewed;
  });
}

absl::StatusOr<bool> PgRunRepository::ReleaseCandidate(const CandidateAttempt& held,
                                                       const std::string& owner) {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("release candidate", [&]() -> absl::StatusOr<bool> {
    std::string selection_id;
    soci::transaction tx(*sql);
    *sql << kReleaseCandidate, soci::use(held.candidate_id, "candidate_id"),
        soci::use(held.attempt, "attempt"), soci::use(owner, "owner"), soci::into(selection_id);
    if (!sql->got_data()) return false;
    *sql << kNotifyWork, soci::use(selection_id, "selection_id");
    *sql << kNotifyProgress, soci::use(selection_id, "selection_id");
    tx.commit();
    return true;
  });
}

absl::StatusOr<bool> PgRunRepository::RecordProgress(const CandidateAttempt& held,
                                                     const std::string& owner, int folds_done) {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("record progress", [&]() -> absl::StatusOr<bool> {
    std::string selection_id;
    soci::transaction tx(*sql);
    *sql << kRecordProgress, soci::use(folds_done, "folds_done"),
        soci::use(held.candidate_id, "candidate_id"), soci::use(held.attempt, "attempt"),
        soci::use(owner, "owner"), soci::into(selection_id);
    if (!sql->got_data()) return false;
    *sql << kNotifyProgress, soci::use(selection_id, "selection_id");
    tx.commit();
    return true;
  });
}

absl::StatusOr<FinishOutcome> PgRunRepository::FinishCandidate(const CandidateAttempt& held,
                                                               const std::string& owner,
                                                               const CandidateOutcome& outcome) {
  if (!runs::IsTerminal(outcome.status)) {
    return absl::InvalidArgumentError("FinishCandidate needs a terminal status");
  }
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("finish candidate", [&]() -> absl::StatusOr<FinishOutcome> {
    const std::string status = runs::CandidateStatusName(outcome.status);
    const std::string result = outcome.result ? EncodeBacktestResult(*outcome.result) : "";
    soci::indicator result_ind = outcome.result ? soci::i_ok : soci::i_null;
    soci::indicator error_ind = outcome.error_message.empty() ? soci::i_null : soci::i_ok;
    soci::indicator type_ind = outcome.error_type.empty() ? soci::i_null : soci::i_ok;
    const int folds = outcome.result ? static_cast<int>(outcome.result->folds.size()) : -1;
    const long long duration_ms = outcome.duration_ms;
    std::string selection_id;
    {
      soci::transaction tx(*sql);
      *sql << kFinishCandidate, soci::use(status, "status"),
          soci::use(result, result_ind, "result"),
          soci::use(outcome.error_message, error_ind, "error_message"),
          soci::use(outcome.error_type, type_ind, "error_type"), soci::use(folds, "folds"),
          soci::use(duration_ms, "duration_ms"), soci::use(held.candidate_id, "candidate_id"),
          soci::use(held.attempt, "attempt"), soci::use(owner, "owner"), soci::into(selection_id);
      if (!sql->got_data()) return FinishOutcome{};
      *sql << kNotifyProgress, soci::use(selection_id, "selection_id");
      tx.commit();
    }
    long long unfinished = 0, released = 0;
    *sql << kCountUnfinished, soci::use(selection_id, "selection_id"), soci::into(unfinished),
        soci::into(released);
    if (released > 0) {
      *sql << kNotifyWork, soci::use(selection_id, "selection_id");  // a later stage can start
    }
    return FinishOutcome{true, static_cast<int>(unfinished)};
  });
}

absl::StatusOr<bool> PgRunRepository::IsCancelRequested(const std::string& selection_id) {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("read cancel request", [&]() -> absl::StatusOr<bool> {
    int requested = 0;
    *sql << kCancelRequested, soci::use(selection_id, "selection_id"), soci::into(requested);
    if (!sql->got_data())
      return absl::NotFoundError(absl::StrCat("run ", selection_id, " not found"));
    return requested != 0;
  });
}

}  // namespace champion::store
