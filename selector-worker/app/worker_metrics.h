#pragma once

// The worker's Prometheus metrics (docs/OPERATIONS.md "Metrics"): it hears the runs and
// service layers' events, samples the shared queue and the session pool, and serves them on
// a plaintext HTTP port (GET /metrics).

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "prometheus/collectable.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "runs/run_events.h"
#include "service/service_events.h"
#include "store/queue_stats.h"
#include "store/session_pool.h"

namespace champion::app {

//! Thread-safe.
class WorkerMetrics final : public runs::RunEvents, public service::ServiceEvents {
 public:
  //! `pool` (borrowed, may be null) is read at every scrape.
  explicit WorkerMetrics(const store::SessionPool* pool);

  //! What a scrape collects: the registry, with the session pool read just before.
  std::shared_ptr<prometheus::Collectable> collectable() const { return collectable_; }

  //! The queue as the database last answered (champion_runs, champion_candidates,
  //! champion_database_up = 1), or champion_database_up = 0 (the other values stay).
  void SampleQueue(const absl::StatusOr<store::QueueStats>& stats);
  void SetDraining(bool draining);

  // runs::RunEvents
  void CandidateEnded(std::string_view model_type, runs::CandidateEnd end,
                      absl::Duration took) override;
  void RunSettled(runs::RunStatus status) override;
  void CancelSettled(absl::Duration took) override;
  void LeasesReaped(int requeued, int failed) override;
  // service::ServiceEvents
  void CallHandled(std::string_view service, std::string_view method, grpc::StatusCode code,
                   absl::Duration took) override;
  void SalesImported(int64_t rows, bool imported) override;

 private:
  class Collector;
  void SamplePool();

  const store::SessionPool* pool_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<prometheus::Collectable> collectable_;
  prometheus::Family<prometheus::Counter>& rpc_handled_;
  prometheus::Family<prometheus::Histogram>& rpc_seconds_;
  prometheus::Family<prometheus::Gauge>& runs_;
  prometheus::Family<prometheus::Gauge>& candidates_;
  prometheus::Gauge& sampled_at_;
  prometheus::Gauge& database_up_;
  prometheus::Family<prometheus::Histogram>& candidate_seconds_;
  prometheus::Family<prometheus::Counter>& candidates_ended_;
  prometheus::Histogram& cancel_to_settled_;
  prometheus::Family<prometheus::Counter>& settles_;
  prometheus::Counter& lease_reaps_;
  prometheus::Counter& lease_expirations_;
  prometheus::Family<prometheus::Gauge>& pool_connections_;
  prometheus::Counter& pool_waits_;
  prometheus::Counter& pool_wait_seconds_;
  prometheus::Family<prometheus::Counter>& import_rows_;
  prometheus::Gauge& draining_;
  std::atomic<int64_t> pool_waits_seen_{0};
  std::atomic<int64_t> pool_waited_nanos_seen_{0};
};

//! Serves `collectable` on http://`listen`/metrics. Unavailable when it cannot bind.
absl::StatusOr<std::unique_ptr<prometheus::Exposer>> ServeMetrics(
    const std::string& listen, const std::shared_ptr<prometheus::Collectable>& collectable);

}  // namespace champion::app
