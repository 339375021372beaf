#pragma once

// Internal to the PgRunRepository files: reading run and candidate rows into RunRecord /
// CandidateRecord. Functions taking a soci::session throw soci_error (callers are inside
// GuardSql).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "runs/run_types.h"
#include "soci/soci.h"

namespace champion::store {

//! The run with its candidates in ordinal order; results and outcome decoded when
//! `with_results`. NotFound "run <id> not found".
absl::StatusOr<runs::RunRecord> LoadRun(soci::session& sql, const std::string& selection_id,
                                        bool with_results);

//! The run row only (no candidates) read from a row of kRunRowColumns order.
absl::StatusOr<runs::RunRecord> RunFromRow(const soci::row& row, bool with_results);

//! Candidates of several runs (one query), in (selection_id, ordinal) order, without results.
absl::StatusOr<std::vector<std::pair<std::string, runs::CandidateRecord>>> LoadCandidateSummaries(
    soci::session& sql, const std::vector<std::string>& selection_ids);

//! Microseconds since the epoch as written by the `(extract(epoch FROM ts) * 1e6)::bigint`
//! columns; nullopt for NULL.
std::optional<absl::Time> TimeAt(const soci::row& row, std::size_t column);

//! The lease duration bound as milliseconds (>= 1).
long long LeaseMillis(absl::Duration lease);

}  // namespace champion::store
