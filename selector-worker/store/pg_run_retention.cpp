#include "common/status_macros.h"
#include "store/pg_error.h"
#include "store/run_retention.h"

namespace champion::store {
namespace {

// SKIP LOCKED: a run another transaction holds (a cancel, a late settle) waits for the next
// purge instead of blocking this one. Candidates go with their run (ON DELETE CASCADE).
constexpr std::string_view kPurge = R"sql(
WITH doomed AS (
  SELECT selection_id FROM model_selection_run
  WHERE status IN ('completed', 'partial', 'failed', 'cancelled')
    AND completed_at < now() - make_interval(secs => :age_seconds)
  ORDER BY completed_at
  LIMIT :batch_size
  FOR UPDATE SKIP LOCKED)
DELETE FROM model_selection_run r USING doomed d
WHERE r.selection_id = d.selection_id)sql";

}  // namespace

absl::StatusOr<int> PgRunRetention::PurgeSettledBefore(absl::Duration age, int batch_size) {
  if (batch_size < 1) return absl::InvalidArgumentError("batch_size must be at least 1");
  if (age < absl::ZeroDuration()) return absl::InvalidArgumentError("age must not be negative");
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("purge settled runs", [&]() -> absl::StatusOr<int> {
    const double age_seconds = absl::ToDoubleSeconds(age);
    soci::statement st = (sql->prepare << kPurge, soci::use(age_seconds, "age_seconds"),
                          soci::use(batch_size, "batch_size"));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

}  // namespace champion::store
