#include "app/worker_metrics.h"

#include <exception>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_codes.h"

namespace champion::app {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;
using prometheus::Histogram;

const Histogram::BucketBoundaries& RpcBuckets() {
  static const Histogram::BucketBoundaries buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                      0.25,  0.5,    1,     2.5,  5,     10,   30};
  return buckets;
}

const Histogram::BucketBoundaries& CandidateBuckets() {
  static const Histogram::BucketBoundaries buckets = {0.01, 0.05, 0.1, 0.25, 0.5, 1,  2.5,
                                                      5,    10,   30,  60,   120, 300};
  return buckets;
}

const Histogram::BucketBoundaries& CancelBuckets() {
  static const Histogram::BucketBoundaries buckets = {0.01, 0.05, 0.1, 0.25, 0.5,
                                                      1,    2.5,  5,   10,   30};
  return buckets;
}

}  // namespace

// The registry behind a scrape, with the session pool's numbers refreshed first.
class WorkerMetrics::Collector : public prometheus::Collectable {
 public:
  explicit Collector(WorkerMetrics* metrics) : metrics_(metrics) {}
  std::vector<prometheus::MetricFamily> Collect() const override {
    metrics_->SamplePool();
    return metrics_->registry_->Collect();
  }

 private:
  WorkerMetrics* metrics_;
};

WorkerMetrics::WorkerMetrics(const store::SessionPool* pool)
    : pool_(pool),
      registry_(std::make_shared<prometheus::Registry>()),
      collectable_(std::make_shared<Collector>(this)),
      rpc_handled_(BuildCounter()
                       .Name("grpc_server_handled_total")
                       .Help("gRPC calls completed, by method and status code")
                       .Register(*registry_)),
      rpc_seconds_(BuildHistogram()
                       .Name("grpc_server_handling_seconds")
                       .Help("gRPC call duration from its start to its status")
                       .Register(*registry_)),
      runs_(BuildGauge()
                .Name("champion_runs")
                .Help("Runs in the database by state (the same on every worker)")
                .Register(*registry_)),
      candidates_(BuildGauge()
                      .Name("champion_candidates")
                      .Help("Candidates waiting (pending) and running, in the database")
                      .Register(*registry_)),
      sampled_at_(BuildGauge()
                      .Name("champion_queue_sampled_timestamp_seconds")
                      .Help("When the queue was last read from the database (unix time)")
                      .Register(*registry_)
                      .Add({})),
      database_up_(BuildGauge()
                       .Name("champion_database_up")
                       .Help("1 when the last queue sample reached PostgreSQL, else 0")
                       .Register(*registry_)
                       .Add({})),
      candidate_seconds_(BuildHistogram()
                             .Name("champion_candidate_duration_seconds")
                             .Help("Backtest of one candidate on this worker, by model")
                             .Register(*registry_)),
      candidates_ended_(BuildCounter()
                            .Name("champion_candidates_finished_total")
                            .Help("Candidate attempts that ended on this worker, by model and "
                                  "outcome")
                            .Register(*registry_)),
      cancel_to_settled_(BuildHistogram()
                             .Name("champion_cancel_to_settled_seconds")
                             .Help("From a cancel request on this worker to its run settling")
                             .Register(*registry_)
                             .Add({}, CancelBuckets())),
      settles_(BuildCounter()
                   .Name("champion_run_settles_total")
                   .Help("Runs this worker settled, by final state")
                   .Register(*registry_)),
      lease_reaps_(BuildCounter()
                       .Name("champion_lease_reaps_total")
                       .Help("Expired leases of lost attempts this worker's reaper reclaimed")
                       .Register(*registry_)
                       .Add({})),
      lease_expirations_(BuildCounter()
                             .Name("champion_lease_expirations_total")
                             .Help("Attempts of this worker that found their lease lost")
                             .Register(*registry_)
                             .Add({})),
      pool_connections_(BuildGauge()
                            .Name("champion_db_pool_connections")
                            .Help("Session pool connections in use and idle")
                            .Register(*registry_)),
      pool_waits_(BuildCounter()
                      .Name("champion_db_pool_waits_total")
                      .Help("Session checkouts that had to wait for a free connection")
                      .Register(*registry_)
                      .Add({})),
      pool_wait_seconds_(BuildCounter()
                             .Name("champion_db_pool_wait_seconds_total")
                             .Help("Total time checkouts waited for a free connection")
                             .Register(*registry_)
                             .Add({})),
      import_rows_(BuildCounter()
                       .Name("champion_import_rows_total")
                       .Help("Sales CSV rows by result: imported or rejected")
                       .Register(*registry_)),
      draining_(BuildGauge()
                    .Name("champion_worker_draining")
                    .Help("1 while the worker drains after SIGTERM")
                    .Register(*registry_)
                    .Add({})) {
  // Every series exists from the start: rate() and absent() need no first event.
  for (const char* state : {"pending", "running", "completed", "partial", "failed", "cancelled"})
    runs_.Add({{"state", state}});
  for (const char* state : {"pending", "running"}) candidates_.Add({{"state", state}});
  for (const char* state : {"completed", "partial", "failed", "cancelled"})
    settles_.Add({{"state", state}});
  for (const char* result : {"imported", "rejected"}) import_rows_.Add({{"result", result}});
  SamplePool();
}

void WorkerMetrics::SampleQueue(const absl::StatusOr<store::QueueStats>& stats) {
  if (!stats.ok()) {
    database_up_.Set(0);
    return;
  }
  for (const auto& [state, count] : stats->runs_by_status) {
    runs_.Add({{"state", state}}).Set(static_cast<double>(count));
  }
  candidates_.Add({{"state", "pending"}}).Set(static_cast<double>(stats->pending_candidates));
  candidates_.Add({{"state", "running"}}).Set(static_cast<double>(stats->running_candidates));
  database_up_.Set(1);
  sampled_at_.SetToCurrentTime();
}

void WorkerMetrics::SetDraining(bool draining) { draining_.Set(draining ? 1 : 0); }

void WorkerMetrics::SamplePool() {
  if (pool_ == nullptr) return;
  const store::SessionPool::Stats stats = pool_->stats();
  pool_connections_.Add({{"state", "in_use"}}).Set(stats.in_use);
  pool_connections_.Add({{"state", "idle"}}).Set(stats.size - stats.in_use);
  // Counters only go up: add what happened since the last scrape.
  const int64_t waits_before = pool_waits_seen_.exchange(stats.waits);
  if (stats.waits > waits_before)
    pool_waits_.Increment(static_cast<double>(stats.waits - waits_before));
  const int64_t nanos = absl::ToInt64Nanoseconds(stats.waited);
  const int64_t nanos_before = pool_waited_nanos_seen_.exchange(nanos);
  if (nanos > nanos_before)
    pool_wait_seconds_.Increment(static_cast<double>(nanos - nanos_before) / 1e9);
}

void WorkerMetrics::CandidateEnded(std::string_view model_type, runs::CandidateEnd end,
                                   absl::Duration took) {
  const std::string model(model_type);
  candidates_ended_.Add({{"model", model}, {"outcome", runs::CandidateEndName(end)}}).Increment();
  if (end == runs::CandidateEnd::kLeaseLost) lease_expirations_.Increment();
  candidate_seconds_.Add({{"model", model}}, CandidateBuckets())
      .Observe(absl::ToDoubleSeconds(took));
}

void WorkerMetrics::RunSettled(runs::RunStatus status) {
  settles_.Add({{"state", runs::RunStatusName(status)}}).Increment();
}

void WorkerMetrics::CancelSettled(absl::Duration took) {
  cancel_to_settled_.Observe(absl::ToDoubleSeconds(took));
}

void WorkerMetrics::LeasesReaped(int requeued, int failed) {
  lease_reaps_.Increment(requeued + failed);
}

void WorkerMetrics::CallHandled(std::string_view service, std::string_view method,
                                grpc::StatusCode code, absl::Duration took) {
  const prometheus::Labels call = {{"grpc_service", std::string(service)},
                                   {"grpc_method", std::string(method)}};
  prometheus::Labels handled = call;
  handled.emplace("grpc_code", GrpcCodeName(code));
  rpc_handled_.Add(handled).Increment();
  rpc_seconds_.Add(call, RpcBuckets()).Observe(absl::ToDoubleSeconds(took));
}

void WorkerMetrics::SalesImported(int64_t rows, bool imported) {
  import_rows_.Add({{"result", imported ? "imported" : "rejected"}})
      .Increment(static_cast<double>(rows));
}

absl::StatusOr<std::unique_ptr<prometheus::Exposer>> ServeMetrics(
    const std::string& listen, const std::shared_ptr<prometheus::Collectable>& collectable) {
  try {
    auto exposer = std::make_unique<prometheus::Exposer>(listen, 2);
    exposer->RegisterCollectable(collectable);
    return exposer;
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", listen, ": ", e.what()));
  }
}

}  // namespace champion::app
