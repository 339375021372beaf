#pragma once

// Retention of settled runs: `selector-worker purge` deletes runs that settled long ago
// (with their candidates and chart data), a batch per transaction.

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "store/session_pool.h"

namespace champion::store {

class RunRetention {
 public:
  virtual ~RunRetention() = default;
  //! Deletes at most `batch_size` (>= 1) runs in a terminal state (completed, partial,
  //! failed, cancelled) that settled more than `age` ago, oldest first, with their
  //! candidates; never a pending or running run. Returns how many it deleted.
  virtual absl::StatusOr<int> PurgeSettledBefore(absl::Duration age, int batch_size) = 0;
};

class PgRunRetention final : public RunRetention {
 public:
  explicit PgRunRetention(SessionPool& pool) : pool_(pool) {}
  absl::StatusOr<int> PurgeSettledBefore(absl::Duration age, int batch_size) override;

 private:
  SessionPool& pool_;
};

}  // namespace champion::store
