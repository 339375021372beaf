// RunUnary over real gRPC: a full handler pool refuses at once with a retry delay, and a call
// whose caller has gone before a thread picked it up never runs.

#include "service/call_context.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <thread>

#include "common/status_codes.h"
#include "service/service_test_env.h"
#include "spdlog/sinks/ostream_sink.h"
#include "spdlog/spdlog.h"

namespace champion {
namespace {

namespace v1 = champion::v1;
using testing::ServiceTestEnv;

v1::RunSelectionRequest Request() {
  v1::RunSelectionRequest r;
  r.set_store_id(1);
  r.set_product_id(1);
  r.set_forecast_horizon(14);
  r.add_candidate_models()->set_model_type("naive");
  return r;
}

// Starts a RunSync call on its own thread; join() waits for its answer.
std::thread StartRunSync(ServiceTestEnv& env, grpc::StatusCode* code,
                         std::chrono::milliseconds deadline = std::chrono::seconds(30)) {
  return std::thread([&env, code, deadline] {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    v1::Run run;
    *code = env.selection_stub->RunSync(&context, Request(), &run).error_code();
  });
}

TEST_CASE("A full handler pool answers RESOURCE_EXHAUSTED with a retry delay at once",
          "[grpc][service]") {
  ServiceTestEnv env(1 << 20, /*max_queued=*/2);
  env.runs.HoldRunSync();
  std::vector<grpc::StatusCode> codes(4, grpc::StatusCode::UNKNOWN);
  std::vector<std::thread> calls;
  calls.push_back(StartRunSync(env, &codes[0]));
  calls.push_back(StartRunSync(env, &codes[1]));
  REQUIRE(env.runs.AwaitHeldRunSyncs(2));  // both threads of the RunSync pool are busy
  calls.push_back(StartRunSync(env, &codes[2]));
  calls.push_back(StartRunSync(env, &codes[3]));
  // The next two take the queue's two places.
  const absl::Time until = absl::Now() + absl::Seconds(10);
  while (env.queued_run_syncs() < 2 && absl::Now() < until) absl::SleepFor(absl::Milliseconds(5));
  CHECK(env.queued_run_syncs() == 2);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::Run run;
  const grpc::Status refused = env.selection_stub->RunSync(&context, Request(), &run);
  env.runs.ReleaseRunSync();
  for (std::thread& t : calls) t.join();
  CHECK(refused.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  const absl::Status status = FromGrpcStatus(refused);
  REQUIRE(GetRetryDelay(status).has_value());
  CHECK(*GetRetryDelay(status) == absl::Seconds(1));
  for (grpc::StatusCode code : codes) CHECK(code == grpc::StatusCode::OK);
}

TEST_CASE("A queued call whose caller has gone never runs", "[grpc][service]") {
  ServiceTestEnv env;
  env.runs.HoldRunSync();
  grpc::StatusCode first = grpc::StatusCode::UNKNOWN, second = first, impatient = first;
  std::thread a = StartRunSync(env, &first);
  std::thread b = StartRunSync(env, &second);
  REQUIRE(env.runs.AwaitHeldRunSyncs(2));
  // Queued behind the two held calls; its deadline passes while it waits.
  std::thread c = StartRunSync(env, &impatient, std::chrono::milliseconds(300));
  c.join();
  CHECK(impatient == grpc::StatusCode::DEADLINE_EXCEEDED);
  // The server's copy of the deadline counts from the call's arrival, a little later than
  // the client's: let it pass too before the pool gets to the call.
  absl::SleepFor(absl::Milliseconds(500));
  env.runs.ReleaseRunSync();
  a.join();
  b.join();
  CHECK(first == grpc::StatusCode::OK);
  CHECK(second == grpc::StatusCode::OK);
  // After the release the pool reaches the abandoned call and drops it unrun.
  const absl::Time until = absl::Now() + absl::Seconds(10);
  while (env.queued_run_syncs() > 0 && absl::Now() < until) absl::SleepFor(absl::Milliseconds(5));
  REQUIRE(env.queued_run_syncs() == 0);
  // A call the pool runs after it proves the dropped one is behind us.
  grpc::StatusCode after = grpc::StatusCode::UNKNOWN;
  std::thread d = StartRunSync(env, &after);
  d.join();
  CHECK(after == grpc::StatusCode::OK);
  CHECK(env.runs.run_sync_calls() == 3);
}

}  // namespace
}  // namespace champion

namespace champion {
namespace {

// Collects the default logger's lines for one scope.
class CapturedLog {
 public:
  CapturedLog() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink));
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_CASE("A call's log line names its request id and the trace it belongs to", "[grpc][service]") {
  testing::ServiceTestEnv env;
  CapturedLog log;
  grpc::ClientContext context;
  context.AddMetadata("x-request-id", "rid-trace-1");
  context.AddMetadata("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  v1::ListStoresResponse stores;
  REQUIRE(env.catalog_stub->ListStores(&context, {}, &stores).ok());
  grpc::ClientContext untraced;
  untraced.AddMetadata("x-request-id", "rid-trace-2");
  untraced.AddMetadata("traceparent", "00-NOT-HEX");
  REQUIRE(env.catalog_stub->ListStores(&untraced, {}, &stores).ok());
  const std::string text = log.text();
  CHECK(text.find("request_id=rid-trace-1 trace_id=4bf92f3577b34da6a3ce929d0e0e4736") !=
        std::string::npos);
  const size_t second = text.find("request_id=rid-trace-2");
  REQUIRE(second != std::string::npos);
  CHECK(text.find("trace_id=", second) == std::string::npos);
}

}  // namespace
}  // namespace champion
