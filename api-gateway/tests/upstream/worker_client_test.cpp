// The worker client against the in-process fake worker: call lifetimes.

#include "upstream/worker_client.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "absl/synchronization/notification.h"
#include "champion/v1/selection.pb.h"
#include "fakes/fake_worker.h"

namespace champion::gateway {
namespace {

TEST_CASE("Destroying the client waits until its calls have let go of the channel",
          "[unit][grpc]") {
  auto worker = testing::FakeWorker::Start();
  auto client = WorkerClient::Create({.target = worker->target()});
  REQUIRE(client.ok());
  champion::v1::GetRunRequest request;
  request.set_selection_id("slow");  // answered kSlowAnswerMs later
  auto held = std::make_shared<int>(0);
  const std::weak_ptr<int> watched = held;
  absl::Notification answered;
  (*client)->CallUnary(
      "/champion.v1.ModelSelectionService/GetRun", request.SerializeAsString(), {},
      [held = std::move(held), &answered](const grpc::Status& status, const std::string&) {
        CHECK(status.ok());
        answered.Notify();
      });
  REQUIRE_FALSE(answered.HasBeenNotified());
  // The call is in flight: the destructor must not leave its last reference to the channel
  // (held by the call) to be dropped on the gRPC thread that finishes the call.
  client->reset();
  CHECK(answered.HasBeenNotified());
  CHECK(watched.expired());  // the call, and with it its callback, is gone
}

}  // namespace
}  // namespace champion::gateway
