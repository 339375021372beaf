#include "common/status_macros.h"
#include "store/pg_error.h"
#include "store/queue_stats.h"

namespace champion::store {
namespace {

constexpr std::string_view kRunsByStatus =
    "SELECT status, count(*) FROM model_selection_run GROUP BY status";
constexpr std::string_view kActiveCandidates = R"sql(
SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'running')
FROM model_selection_candidate WHERE status IN ('pending', 'running'))sql";

}  // namespace

absl::StatusOr<QueueStats> PgQueueStats::Read() {
  ASSIGN_OR_RETURN(SessionPool::Lease sql, pool_.Checkout());
  return GuardSql("read the queue statistics", [&]() -> absl::StatusOr<QueueStats> {
    QueueStats stats;
    for (const char* status : {"pending", "running", "completed", "partial", "failed", "cancelled"})
      stats.runs_by_status[status] = 0;
    soci::rowset<soci::row> rows = (sql->prepare << kRunsByStatus);
    for (const soci::row& row : rows) {
      stats.runs_by_status[row.get<std::string>(0)] = row.get<long long>(1);
    }
    long long pending = 0;
    long long running = 0;
    *sql << kActiveCandidates, soci::into(pending), soci::into(running);
    stats.pending_candidates = pending;
    stats.running_candidates = running;
    return stats;
  });
}

}  // namespace champion::store
