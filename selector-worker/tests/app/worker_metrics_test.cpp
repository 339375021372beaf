#include "app/worker_metrics.h"

#include <catch2/catch.hpp>
#include <string>

#include "prometheus/text_serializer.h"

namespace champion::app {
namespace {

std::string Scrape(const WorkerMetrics& metrics) {
  return prometheus::TextSerializer().Serialize(metrics.collectable()->Collect());
}

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST_CASE("Worker metrics count what the runs layer reports", "[app][metrics]") {
  WorkerMetrics metrics(nullptr);
  metrics.CandidateEnded("naive", runs::CandidateEnd::kCompleted, absl::Milliseconds(30));
  metrics.CandidateEnded("naive", runs::CandidateEnd::kCompleted, absl::Seconds(2));
  metrics.CandidateEnded("ses", runs::CandidateEnd::kLeaseLost, absl::Seconds(1));
  metrics.RunSettled(runs::RunStatus::kPartial);
  metrics.CancelSettled(absl::Milliseconds(200));
  metrics.LeasesReaped(2, 1);
  const std::string text = Scrape(metrics);
  CHECK(Has(text, R"(champion_candidates_finished_total{model="naive",outcome="completed"} 2)"));
  CHECK(Has(text, R"(champion_candidates_finished_total{model="ses",outcome="lease_lost"} 1)"));
  CHECK(Has(text, R"(champion_candidate_duration_seconds_count{model="naive"} 2)"));
  CHECK(Has(text, R"(champion_candidate_duration_seconds_bucket{model="naive",le="0.05"} 1)"));
  CHECK(Has(text, R"(champion_run_settles_total{state="partial"} 1)"));
  CHECK(Has(text, R"(champion_run_settles_total{state="completed"} 0)"));
  CHECK(Has(text, R"(champion_cancel_to_settled_seconds_bucket{le="0.25"} 1)"));
  CHECK(Has(text, "champion_lease_reaps_total 3"));
  CHECK(Has(text, "champion_lease_expirations_total 1"));
}

TEST_CASE("Worker metrics count calls by method and code, and imported rows", "[app][metrics]") {
  WorkerMetrics metrics(nullptr);
  metrics.CallHandled("champion.v1.CatalogService", "ListStores", grpc::StatusCode::OK,
                      absl::Milliseconds(3));
  metrics.CallHandled("champion.v1.CatalogService", "ListStores", grpc::StatusCode::UNAVAILABLE,
                      absl::Milliseconds(3));
  metrics.SalesImported(120, true);
  metrics.SalesImported(7, false);
  const std::string text = Scrape(metrics);
  CHECK(Has(
      text,
      R"(grpc_server_handled_total{grpc_code="UNAVAILABLE",grpc_method="ListStores",grpc_service="champion.v1.CatalogService"} 1)"));
  CHECK(Has(
      text,
      R"(grpc_server_handling_seconds_count{grpc_method="ListStores",grpc_service="champion.v1.CatalogService"} 2)"));
  CHECK(Has(text, R"(champion_import_rows_total{result="imported"} 120)"));
  CHECK(Has(text, R"(champion_import_rows_total{result="rejected"} 7)"));
}

TEST_CASE("The queue sample sets the gauges, or marks the database down", "[app][metrics]") {
  WorkerMetrics metrics(nullptr);
  store::QueueStats stats;
  stats.runs_by_status = {{"running", 4}, {"completed", 9}};
  stats.pending_candidates = 17;
  stats.running_candidates = 2;
  metrics.SampleQueue(stats);
  std::string text = Scrape(metrics);
  CHECK(Has(text, R"(champion_runs{state="running"} 4)"));
  CHECK(Has(text, R"(champion_runs{state="completed"} 9)"));
  CHECK(Has(text, R"(champion_candidates{state="pending"} 17)"));
  CHECK(Has(text, "champion_database_up 1"));
  metrics.SampleQueue(absl::UnavailableError("down"));
  text = Scrape(metrics);
  CHECK(Has(text, "champion_database_up 0"));
  CHECK(Has(text, R"(champion_candidates{state="pending"} 17)"));  // the last known value
  metrics.SetDraining(true);
  CHECK(Has(Scrape(metrics), "champion_worker_draining 1"));
}

TEST_CASE("ServeMetrics refuses an address it cannot bind", "[app][metrics]") {
  WorkerMetrics metrics(nullptr);
  auto first = ServeMetrics("127.0.0.1:0", metrics.collectable());
  REQUIRE(first.ok());
  const int port = (*first)->GetListeningPorts().at(0);
  auto second = ServeMetrics("127.0.0.1:" + std::to_string(port), metrics.collectable());
  CHECK(second.status().code() == absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace champion::app
