#pragma once

// The shape of the shared run queue at one instant (metrics: runs by state, candidates
// waiting and running). The same answer on every worker: it is the database's.

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "store/session_pool.h"

namespace champion::store {

struct QueueStats {
  //! Runs by status name (pending, running, completed, partial, failed, cancelled); every
  //! status is present, zero when no run has it.
  std::map<std::string, int64_t> runs_by_status;
  int64_t pending_candidates = 0;
  int64_t running_candidates = 0;
};

class QueueStatsReader {
 public:
  virtual ~QueueStatsReader() = default;
  virtual absl::StatusOr<QueueStats> Read() = 0;
};

class PgQueueStats final : public QueueStatsReader {
 public:
  explicit PgQueueStats(SessionPool& pool) : pool_(pool) {}
  //! Two grouped counts (index-only on the status indexes). Unavailable when the database
  //! does not answer.
  absl::StatusOr<QueueStats> Read() override;

 private:
  SessionPool& pool_;
};

}  // namespace champion::store
