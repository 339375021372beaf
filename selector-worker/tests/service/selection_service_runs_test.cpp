#include <catch2/catch.hpp>
#include <thread>

#include "common/status_codes.h"
#include "google/protobuf/util/message_differencer.h"
#include "service/selection_service.h"
#include "service/service_test_env.h"

namespace champion {
namespace {

namespace v1 = champion::v1;
using testing::ServiceTestEnv;

v1::RunSelectionRequest Request(std::vector<std::string> models) {
  v1::RunSelectionRequest r;
  r.set_store_id(1);
  r.set_product_id(1);
  r.set_forecast_horizon(14);
  for (const auto& m : models) r.add_candidate_models()->set_model_type(m);
  return r;
}

TEST_CASE("SubmitRun answers the running run with one progress entry per candidate",
          "[grpc][service]") {
  ServiceTestEnv env;
  v1::Run run;
  REQUIRE(env.selection_stub
              ->SubmitRun(ServiceTestEnv::Context().get(),
                          Request({"naive", "seasonal_naive", "moving_average"}), &run)
              .ok());
  CHECK(run.status() == v1::RUN_STATE_RUNNING);
  CHECK(run.selection_id().size() == 32);
  CHECK(run.monitor_url() == "/model-selection/" + run.selection_id());
  CHECK(run.cancel_url() == run.monitor_url());
  CHECK(run.progress().total() == 3);
  CHECK(run.progress().pending() == 3);
  REQUIRE(run.candidate_progress_size() == 3);
  CHECK(run.candidate_progress(2).model_type() == "moving_average");
  CHECK(run.candidate_progress(2).ordinal() == 2);
  CHECK(run.candidate_progress(2).status() == v1::CANDIDATE_STATE_PENDING);
  CHECK(run.split_config().n_splits() == 5);
  CHECK(run.ranking_size() == 0);
  CHECK_FALSE(run.has_winner());
}

TEST_CASE("SubmitRun rejects an invalid request before the runs layer sees it", "[grpc][service]") {
  ServiceTestEnv env;
  auto request = Request({});
  v1::Run run;
  const auto status = env.selection_stub->SubmitRun(ServiceTestEnv::Context().get(), request, &run);
  REQUIRE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(GetFieldViolations(FromGrpcStatus(status)).at(0).field == "candidate_models");
  CHECK(env.runs.last_spec.candidates.empty());
}

TEST_CASE("RunSync answers the settled run with ranking, winner and charts", "[grpc][service]") {
  ServiceTestEnv env;
  auto request = Request({"naive", "seasonal_naive", "moving_average"});
  auto* bad = request.add_candidate_models();
  bad->set_model_type("moving_average");
  (*bad->mutable_params()->mutable_fields())["window_size"].set_number_value(0);
  v1::Run run;
  REQUIRE(env.selection_stub->RunSync(ServiceTestEnv::Context().get(), request, &run).ok());
  CHECK(run.status() == v1::RUN_STATE_COMPLETED);
  REQUIRE(run.ranking_size() == 4);
  CHECK(run.ranking(0).rank() == 1);
  CHECK(run.ranking(0).included());
  CHECK(run.ranking(0).fold_metrics_size() == 5);
  for (const v1::FoldMetrics& fold : run.ranking(0).fold_metrics()) {
    INFO("fold " << fold.fold_index());
    REQUIRE(fold.has_train());  // Expanding windows: the same first day, then up to the test.
    CHECK(fold.train().start_date() == run.ranking(0).fold_metrics(0).train().start_date());
    CHECK(fold.train().start_date() < fold.train().end_date());
    CHECK(fold.train().end_date() < fold.test().start_date());
  }
  CHECK(run.ranking(0).metrics().sample_size() == 70);
  const auto& excluded = run.ranking(3);
  CHECK_FALSE(excluded.has_rank());
  CHECK_FALSE(excluded.included());
  CHECK_FALSE(excluded.has_metrics());
  CHECK_THAT(excluded.exclusion_reason(), Catch::Matchers::Contains("window_size"));
  REQUIRE(run.has_winner());
  CHECK(run.winner().model_type() == run.ranking(0).model_type());
  CHECK(run.recommendation_confidence() != v1::CONFIDENCE_LEVEL_UNSPECIFIED);
  CHECK(run.confidence_reasons_size() >= 1);
  CHECK(run.chart_data().wape_by_model_size() == 3);
  CHECK(run.chart_data().actual_vs_predicted().size() == 3);
  CHECK(run.chart_data().winner_actual_vs_predicted_size() == 5);
  CHECK_FALSE(run.business_summary().headline().empty());
  CHECK(run.availability().status() == v1::AVAILABILITY_STATUS_READY);
  CHECK(run.progress().completed() == 3);
  CHECK(run.progress().failed() == 1);
  // The champion refit on the window, and its forecast with quantiles, without asking.
  CHECK(run.final_model().model_type() == run.winner().model_type());
  const v1::Forecast& forecast = run.forecast();
  REQUIRE(forecast.dates_size() == request.forecast_horizon());
  CHECK(forecast.values_size() == forecast.dates_size());
  CHECK(forecast.interval_method() == "conformal");
  REQUIRE(forecast.quantiles_size() == 3);
  CHECK(forecast.quantiles(0).level() == 0.1);
  CHECK(forecast.quantiles(2).level() == 0.9);
  for (const auto& q : forecast.quantiles()) CHECK(q.values_size() == forecast.dates_size());
}

TEST_CASE(
    "GetRun and GetRanking read a run back, malformed ids are INVALID_ARGUMENT, unknown "
    "ones NOT_FOUND",
    "[grpc][service]") {
  ServiceTestEnv env;
  v1::Run settled;
  REQUIRE(
      env.selection_stub
          ->RunSync(ServiceTestEnv::Context().get(), Request({"naive", "seasonal_naive"}), &settled)
          .ok());
  v1::GetRunRequest get;
  get.set_selection_id(settled.selection_id());
  v1::Run again;
  REQUIRE(env.selection_stub->GetRun(ServiceTestEnv::Context().get(), get, &again).ok());
  CHECK(google::protobuf::util::MessageDifferencer::Equals(again, settled));

  v1::GetRankingRequest ranking_request;
  ranking_request.set_selection_id(settled.selection_id());
  v1::Ranking ranking;
  REQUIRE(env.selection_stub->GetRanking(ServiceTestEnv::Context().get(), ranking_request, &ranking)
              .ok());
  CHECK(ranking.entries_size() == 2);
  CHECK(ranking.winner().model_type() == settled.winner().model_type());
  CHECK(ranking.confidence() == settled.recommendation_confidence());
  CHECK(ranking.ranked_by() == v1::RANKING_METRIC_WAPE);
  CHECK(settled.ranked_by() == v1::RANKING_METRIC_WAPE);

  get.set_selection_id("0123456789abcdef0123456789abcdef");
  CHECK(env.selection_stub->GetRun(ServiceTestEnv::Context().get(), get, &again).error_code() ==
        grpc::StatusCode::NOT_FOUND);
  for (const std::string& id : {std::string("not-hex"), std::string(100000, 'a'),
                                std::string("0123456789ABCDEF0123456789ABCDEF"), std::string()}) {
    get.set_selection_id(id);
    const grpc::Status status =
        env.selection_stub->GetRun(ServiceTestEnv::Context().get(), get, &again);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(status.error_message().size() < 200);  // a long id is not echoed whole
  }
  v1::WatchRunRequest watch;
  watch.set_selection_id("not-hex");
  auto context = ServiceTestEnv::Context();
  auto reader = env.selection_stub->WatchRun(context.get(), watch);
  v1::Run snapshot;
  CHECK_FALSE(reader->Read(&snapshot));
  CHECK(reader->Finish().error_code() == grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_CASE("CancelRun maps the runs layer's answers", "[grpc][service]") {
  ServiceTestEnv env;
  v1::Run run;
  REQUIRE(env.selection_stub->SubmitRun(ServiceTestEnv::Context().get(), Request({"naive"}), &run)
              .ok());
  v1::CancelRunRequest cancel;
  cancel.set_selection_id(run.selection_id());
  v1::Run cancelled;
  REQUIRE(env.selection_stub->CancelRun(ServiceTestEnv::Context().get(), cancel, &cancelled).ok());
  CHECK(cancelled.status() == v1::RUN_STATE_CANCELLED);
  CHECK(cancelled.candidate_progress(0).status() == v1::CANDIDATE_STATE_CANCELLED);
  CHECK(env.selection_stub->CancelRun(ServiceTestEnv::Context().get(), cancel, &cancelled)
            .error_code() == grpc::StatusCode::FAILED_PRECONDITION);
}

// The defect: CancelRun shared RunSync's pool, so slow synchronous runs holding its threads
// made a DELETE time out and the cancel run minutes later.
TEST_CASE("CancelRun answers while RunSync calls hold every RunSync thread", "[grpc][service]") {
  ServiceTestEnv env;
  v1::Run run;
  REQUIRE(env.selection_stub->SubmitRun(ServiceTestEnv::Context().get(), Request({"naive"}), &run)
              .ok());
  env.runs.HoldRunSync();
  std::vector<std::thread> syncs;
  for (int i = 0; i < 3; ++i) {  // two hold the threads, one waits in the queue
    syncs.emplace_back([&env] {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
      v1::Run answer;
      CHECK(env.selection_stub->RunSync(&context, Request({"naive"}), &answer).ok());
    });
  }
  REQUIRE(env.runs.AwaitHeldRunSyncs(2));
  v1::CancelRunRequest cancel;
  cancel.set_selection_id(run.selection_id());
  v1::Run cancelled;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  const grpc::Status answered = env.selection_stub->CancelRun(&context, cancel, &cancelled);
  env.runs.ReleaseRunSync();
  for (std::thread& t : syncs) t.join();
  REQUIRE(answered.ok());
  CHECK(cancelled.status() == v1::RUN_STATE_CANCELLED);
}

TEST_CASE("ListRuns filters by state, serves an oversized page and rejects a negative size",
          "[grpc][service]") {
  ServiceTestEnv env;
  v1::Run a, b;
  REQUIRE(
      env.selection_stub->SubmitRun(ServiceTestEnv::Context().get(), Request({"naive"}), &a).ok());
  REQUIRE(
      env.selection_stub->RunSync(ServiceTestEnv::Context().get(), Request({"naive"}), &b).ok());
  v1::ListRunsRequest list;
  list.set_status(v1::RUN_STATE_RUNNING);
  v1::ListRunsResponse response;
  REQUIRE(env.selection_stub->ListRuns(ServiceTestEnv::Context().get(), list, &response).ok());
  REQUIRE(response.runs_size() == 1);
  CHECK(response.runs(0).selection_id() == a.selection_id());
  list.set_page_size(101);  // Above the maximum of 100: served as 100 (AIP-158).
  CHECK(env.selection_stub->ListRuns(ServiceTestEnv::Context().get(), list, &response).ok());
  list.set_page_size(-1);
  CHECK(
      env.selection_stub->ListRuns(ServiceTestEnv::Context().get(), list, &response).error_code() ==
      grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_CASE("ListRuns filters by creation day and names a bad day's field", "[grpc][service]") {
  ServiceTestEnv env;
  v1::Run a;
  REQUIRE(
      env.selection_stub->SubmitRun(ServiceTestEnv::Context().get(), Request({"naive"}), &a).ok());
  const std::string today = "2026-01-01";  // the fake run manager's creation day
  v1::ListRunsRequest list;
  list.set_created_from(today);
  list.set_created_to(today);
  v1::ListRunsResponse response;
  REQUIRE(env.selection_stub->ListRuns(ServiceTestEnv::Context().get(), list, &response).ok());
  CHECK(response.runs_size() == 1);
  list.set_created_from("2000-01-01");
  list.set_created_to("2000-01-31");
  REQUIRE(env.selection_stub->ListRuns(ServiceTestEnv::Context().get(), list, &response).ok());
  CHECK(response.runs_size() == 0);

  list.set_created_from("2000-02-30");
  list.set_created_to("1999-01-01");
  const grpc::Status status =
      env.selection_stub->ListRuns(ServiceTestEnv::Context().get(), list, &response);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK_THAT(status.error_message(), Catch::Contains("created_from"));
  list.set_created_from("2000-02-01");
  const grpc::Status reversed =
      env.selection_stub->ListRuns(ServiceTestEnv::Context().get(), list, &response);
  CHECK(reversed.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK_THAT(reversed.error_message(), Catch::Contains("created_to"));
}

TEST_CASE("WatchRun streams a snapshot, each change, and ends at the terminal state",
          "[grpc][service]") {
  ServiceTestEnv env;
  v1::Run run;
  REQUIRE(env.selection_stub
              ->SubmitRun(ServiceTestEnv::Context().get(), Request({"naive", "ses"}), &run)
              .ok());
  const std::string id = run.selection_id();
  auto context = ServiceTestEnv::Context();
  v1::WatchRunRequest watch;
  watch.set_selection_id(id);
  auto reader = env.selection_stub->WatchRun(context.get(), watch);
  v1::Run snapshot;
  REQUIRE(reader->Read(&snapshot));
  CHECK(snapshot.status() == v1::RUN_STATE_RUNNING);
  CHECK(snapshot.progress().pending() == 2);

  env.runs.Update(id, [](runs::RunRecord& r) {
    r.candidates[0].status = runs::CandidateStatus::kRunning;
    r.candidates[0].folds_done = 2;
  });
  REQUIRE(reader->Read(&snapshot));
  CHECK(snapshot.progress().running() == 1);
  CHECK(snapshot.progress().folds_done() == 2);

  env.runs.Update(id, [](runs::RunRecord& r) {
    for (auto& c : r.candidates) c.status = runs::CandidateStatus::kFailed;
    r.status = runs::RunStatus::kFailed;
  });
  // Coalescing may fold changes together, but the last snapshot is the terminal one.
  while (reader->Read(&snapshot)) {
  }
  CHECK(snapshot.status() == v1::RUN_STATE_FAILED);
  CHECK(reader->Finish().ok());
}

TEST_CASE("WatchRun of an unknown run is NOT_FOUND, a client leaving ends only the stream",
          "[grpc][service]") {
  ServiceTestEnv env;
  {
    auto context = ServiceTestEnv::Context();
    v1::WatchRunRequest watch;
    watch.set_selection_id("0123456789abcdef0123456789abcdef");
    auto reader = env.selection_stub->WatchRun(context.get(), watch);
    v1::Run snapshot;
    CHECK_FALSE(reader->Read(&snapshot));
    CHECK(reader->Finish().error_code() == grpc::StatusCode::NOT_FOUND);
  }
  v1::Run run;
  REQUIRE(env.selection_stub->SubmitRun(ServiceTestEnv::Context().get(), Request({"naive"}), &run)
              .ok());
  {
    auto context = ServiceTestEnv::Context();
    v1::WatchRunRequest watch;
    watch.set_selection_id(run.selection_id());
    auto reader = env.selection_stub->WatchRun(context.get(), watch);
    v1::Run snapshot;
    REQUIRE(reader->Read(&snapshot));
    context->TryCancel();
    while (reader->Read(&snapshot)) {
    }
    CHECK(reader->Finish().error_code() == grpc::StatusCode::CANCELLED);
  }
  // The run is untouched and the server dropped its subscription.
  v1::GetRunRequest get;
  get.set_selection_id(run.selection_id());
  v1::Run again;
  REQUIRE(env.selection_stub->GetRun(ServiceTestEnv::Context().get(), get, &again).ok());
  CHECK(again.status() == v1::RUN_STATE_RUNNING);
  for (int i = 0; i < 200 && env.runs.watchers() > 0; ++i) absl::SleepFor(absl::Milliseconds(10));
  CHECK(env.runs.watchers() == 0);
}

TEST_CASE("WatchRun streams are capped, a closed stream frees its place", "[grpc][service]") {
  ServiceTestEnv env(1 << 20, 256, /*max_watch_streams=*/1);
  v1::Run run;
  REQUIRE(env.selection_stub->SubmitRun(ServiceTestEnv::Context().get(), Request({"naive"}), &run)
              .ok());
  v1::WatchRunRequest watch;
  watch.set_selection_id(run.selection_id());
  v1::Run snapshot;
  {
    auto context = ServiceTestEnv::Context();
    auto open = env.selection_stub->WatchRun(context.get(), watch);
    REQUIRE(open->Read(&snapshot));  // the one place is taken
    auto second_context = ServiceTestEnv::Context();
    auto refused = env.selection_stub->WatchRun(second_context.get(), watch);
    CHECK_FALSE(refused->Read(&snapshot));
    const grpc::Status status = refused->Finish();
    CHECK(status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
    CHECK(GetRetryDelay(FromGrpcStatus(status)).has_value());
    context->TryCancel();
    while (open->Read(&snapshot)) {
    }
    open->Finish();
  }
  // The closed stream's place comes back once the server has finished with it.
  grpc::Status status = grpc::Status::CANCELLED;
  for (int i = 0; i < 100; ++i) {
    auto context = ServiceTestEnv::Context();
    auto again = env.selection_stub->WatchRun(context.get(), watch);
    if (again->Read(&snapshot)) {
      context->TryCancel();
      while (again->Read(&snapshot)) {
      }
      status = grpc::Status::OK;
      again->Finish();
      break;
    }
    status = again->Finish();
    absl::SleepFor(absl::Milliseconds(20));
  }
  CHECK(status.ok());
}

}  // namespace
}  // namespace champion
