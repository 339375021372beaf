#include "fakes/fake_worker.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <vector>

#include "absl/strings/str_cat.h"
#include "champion/v1/catalog.grpc.pb.h"
#include "champion/v1/selection.grpc.pb.h"
#include "common/status_codes.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/alarm.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/support/error_details.h"

namespace champion::gateway::testing {
namespace {

using champion::v1::Run;

Run MakeRun(const std::string& id, champion::v1::RunState state) {
  Run run;
  run.set_selection_id(id);
  run.set_store_id(1);
  run.set_status(state);
  run.set_monitor_url("/model-selection/" + id);
  return run;
}

// RESOURCE_EXHAUSTED as the worker sends it when it is busy: with a RetryInfo detail.
grpc::Status Busy() {
  google::rpc::Status rpc_status;
  rpc_status.set_code(grpc::StatusCode::RESOURCE_EXHAUSTED);
  rpc_status.set_message("the worker is busy");
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(2);
  retry.mutable_retry_delay()->set_nanos(500000000);
  rpc_status.add_details()->PackFrom(retry);
  grpc::Status out;
  (void)grpc::SetErrorDetails(rpc_status, &out);
  return out;
}

// The canned failures of GetRun; OK when `id` names none.
grpc::Status GetRunFailure(const std::string& id) {
  using grpc::StatusCode;
  if (id.rfind("missing", 0) == 0) {
    return grpc::Status(StatusCode::NOT_FOUND, absl::StrCat("run '", id, "' not found"));
  }
  if (id == "busy") return Busy();
  if (id == "exhausted") return grpc::Status(StatusCode::RESOURCE_EXHAUSTED, "quota used up");
  if (id == "sql") {
    return grpc::Status(
        StatusCode::INTERNAL,
        absl::StrCat("ERROR: ", kSecretText, " does not exist; SELECT * FROM runs WHERE id = $1"));
  }
  if (id == "unknown") return grpc::Status(StatusCode::UNKNOWN, kSecretText);
  if (id == "down") {
    return grpc::Status(
        StatusCode::UNAVAILABLE,
        absl::StrCat("connection to server at \"db.internal\", port 5432 failed: ", kSecretText));
  }
  return grpc::Status::OK;
}

}  // namespace

struct FakeWorker::State {
  mutable absl::Mutex mu;
  Seen seen ABSL_GUARDED_BY(mu);
  std::shared_ptr<void> services;  // outlives the server (members die in reverse order)
  std::vector<std::unique_ptr<grpc::Alarm>> alarms ABSL_GUARDED_BY(mu);  // "slow" answers
  std::unique_ptr<grpc::Server> server;
  int port = 0;

  void Record(grpc::CallbackServerContext* context) {
    const auto& md = context->client_metadata();
    const auto it = md.find("x-request-id");
    const auto auth = md.find("authorization");
    const auto trace = md.find("traceparent");
    absl::MutexLock lock(&mu);
    seen.traceparent =
        trace == md.end() ? "" : std::string(trace->second.data(), trace->second.size());
    seen.request_id = it == md.end() ? "" : std::string(it->second.data(), it->second.size());
    seen.authorization =
        auth == md.end() ? "" : std::string(auth->second.data(), auth->second.size());
  }
};

namespace {

class WatchReactor final : public grpc::ServerWriteReactor<Run> {
 public:
  WatchReactor(FakeWorker::State* state, std::string id) : state_(state), id_(std::move(id)) {
    if (id_ == "missing") {
      Finish(grpc::Status(grpc::StatusCode::NOT_FOUND, "run missing not found"));
      return;
    }
    snapshots_.push_back(MakeRun(id_, champion::v1::RUN_STATE_RUNNING));
    if (id_ != "hold") snapshots_.push_back(MakeRun(id_, champion::v1::RUN_STATE_COMPLETED));
    Next();
  }
  void OnWriteDone(bool ok) override {
    if (!ok) return FinishOnce(grpc::Status::CANCELLED);
    Next();
  }
  void OnCancel() override {
    {
      absl::MutexLock lock(&state_->mu);
      state_->seen.watch_cancelled = true;
    }
    if (id_ == "hold") FinishOnce(grpc::Status::CANCELLED);
  }
  void OnDone() override { delete this; }

 private:
  void Next() {
    if (sent_ < snapshots_.size()) return StartWrite(&snapshots_[sent_++]);
    if (id_ != "hold") FinishOnce(grpc::Status::OK);  // "hold" waits for OnCancel
  }
  // OnCancel and a failed write can both want to finish, on different threads.
  void FinishOnce(grpc::Status status) {
    if (finished_.exchange(true)) return;
    Finish(std::move(status));
  }
  FakeWorker::State* state_;
  std::string id_;
  std::vector<Run> snapshots_;
  size_t sent_ = 0;
  std::atomic<bool> finished_{false};
};

class SelectionService final : public champion::v1::ModelSelectionService::CallbackService {
 public:
  explicit SelectionService(FakeWorker::State* state) : state_(state) {}

  grpc::ServerUnaryReactor* SubmitRun(grpc::CallbackServerContext* context,
                                      const champion::v1::RunSelectionRequest* request,
                                      Run* response) override {
    state_->Record(context);
    auto* reactor = context->DefaultReactor();
    if (request->store_id() == 0) {
      reactor->Finish(
          ToGrpcStatus(InvalidFields("invalid run request", {{"store_id", "must be >= 1"}})));
      return reactor;
    }
    if (request->store_id() == 7) {
      reactor->Finish(
          grpc::Status(grpc::StatusCode::ALREADY_EXISTS,
                       absl::StrCat("request_id '", request->request_id(), "' names another run")));
      return reactor;
    }
    *response = MakeRun(kSelectionId, champion::v1::RUN_STATE_RUNNING);
    response->set_store_id(request->store_id());
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  grpc::ServerUnaryReactor* GetRun(grpc::CallbackServerContext* context,
                                   const champion::v1::GetRunRequest* request,
                                   Run* response) override {
    state_->Record(context);
    auto* reactor = context->DefaultReactor();
    if (grpc::Status failure = GetRunFailure(request->selection_id()); !failure.ok()) {
      reactor->Finish(failure);
    } else if (request->selection_id() == "slow") {
      *response = MakeRun(request->selection_id(), champion::v1::RUN_STATE_RUNNING);
      auto alarm = std::make_unique<grpc::Alarm>();
      alarm->Set(std::chrono::system_clock::now() + std::chrono::milliseconds(kSlowAnswerMs),
                 [reactor](bool) { reactor->Finish(grpc::Status::OK); });
      absl::MutexLock lock(&state_->mu);
      state_->alarms.push_back(std::move(alarm));
    } else {
      *response = MakeRun(request->selection_id(), champion::v1::RUN_STATE_RUNNING);
      reactor->Finish(grpc::Status::OK);
    }
    return reactor;
  }

  grpc::ServerWriteReactor<Run>* WatchRun(grpc::CallbackServerContext* context,
                                          const champion::v1::WatchRunRequest* request) override {
    state_->Record(context);
    return new WatchReactor(state_, request->selection_id());
  }

 private:
  FakeWorker::State* state_;
};

class ImportReactor final : public grpc::ServerReadReactor<champion::v1::ImportSalesRequest> {
 public:
  ImportReactor(FakeWorker::State* state, champion::v1::ImportSalesResponse* response)
      : state_(state), response_(response) {
    StartRead(&message_);
  }
  void OnReadDone(bool ok) override {
    absl::MutexLock lock(&state_->mu);
    if (ok) {
      if (state_->seen.import_messages++ == 0) {
        state_->seen.create_missing = message_.create_missing();
        state_->seen.csv.clear();
      }
      state_->seen.csv += message_.csv_chunk();
      StartRead(&message_);
      return;
    }
    const auto lines = std::count(state_->seen.csv.begin(), state_->seen.csv.end(), '\n');
    response_->set_rows_total(std::max<int64_t>(0, lines - 1));
    response_->set_rows_inserted(response_->rows_total());
    Finish(grpc::Status::OK);
  }
  void OnDone() override { delete this; }

 private:
  FakeWorker::State* state_;
  champion::v1::ImportSalesResponse* response_;
  champion::v1::ImportSalesRequest message_;
};

class CatalogService final : public champion::v1::CatalogService::CallbackService {
 public:
  explicit CatalogService(FakeWorker::State* state) : state_(state) {}
  grpc::ServerReadReactor<champion::v1::ImportSalesRequest>* ImportSales(
      grpc::CallbackServerContext* context, champion::v1::ImportSalesResponse* response) override {
    state_->Record(context);
    {
      absl::MutexLock lock(&state_->mu);
      state_->seen.import_messages = 0;
    }
    return new ImportReactor(state_, response);
  }

 private:
  FakeWorker::State* state_;
};

struct Services {
  explicit Services(FakeWorker::State* s) : selection(s), catalog(s) {}
  SelectionService selection;
  CatalogService catalog;
};

}  // namespace

std::unique_ptr<FakeWorker> FakeWorker::Start() {
  std::unique_ptr<FakeWorker> worker(new FakeWorker());
  worker->state_ = std::make_shared<State>();
  auto services = std::make_shared<Services>(worker->state_.get());
  worker->state_->services = services;
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &worker->state_->port);
  builder.SetMaxReceiveMessageSize(kFakeMaxRequestBytes);
  builder.RegisterService(&services->selection);
  builder.RegisterService(&services->catalog);
  worker->state_->server = builder.BuildAndStart();
  return worker;
}

FakeWorker::~FakeWorker() { Shutdown(); }

std::string FakeWorker::target() const { return "127.0.0.1:" + std::to_string(state_->port); }

void FakeWorker::Shutdown() {
  if (state_->server) {
    state_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
    state_->server->Wait();
  }
}

FakeWorker::Seen FakeWorker::seen() const {
  absl::MutexLock lock(&state_->mu);
  return state_->seen;
}

bool FakeWorker::WaitWatchCancelled(absl::Duration timeout) const {
  absl::MutexLock lock(&state_->mu);
  auto cancelled = [](Seen* seen) { return seen->watch_cancelled; };
  return state_->mu.AwaitWithTimeout(absl::Condition(+cancelled, &state_->seen), timeout);
}

}  // namespace champion::gateway::testing
