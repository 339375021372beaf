#include "runs/cancel_registry.h"

#include <catch2/catch.hpp>

#include "absl/synchronization/notification.h"
#include "runs/watch_hub.h"

namespace champion::runs {
namespace {

TEST_CASE("CancelRegistry flips the tokens of a run and remembers the first reason", "[runs]") {
  CancelRegistry registry;
  auto a = registry.Register("a", "run1");
  auto b = registry.Register("b", "run1");
  auto c = registry.Register("c", "run2");
  CHECK(registry.CancelRun("run1") == 2);
  CHECK(a->IsCancelled());
  CHECK(b->IsCancelled());
  CHECK_FALSE(c->IsCancelled());
  CHECK(registry.Reason("a") == StopReason::kCancelRequested);
  registry.Stop("a", StopReason::kShutdown);
  CHECK(registry.Reason("a") == StopReason::kCancelRequested);
  // Heartbeat: "c" was asked about but not renewed (lost); "b" renewed.
  registry.Reconcile({"b", "c"}, {{"b", "run1", false}});
  CHECK(registry.Reason("c") == StopReason::kLeaseLost);
  CHECK(c->IsCancelled());
  registry.Unregister("c");
  CHECK(registry.Reason("c") == StopReason::kNone);
  registry.StopAll();
  CHECK(registry.Register("d", "run3")->IsCancelled());
  CHECK(registry.Reason("d") == StopReason::kShutdown);
}

TEST_CASE("WatchHub coalesces notifications and stops calling after unsubscribe", "[runs]") {
  WatchHub hub(absl::Hours(1));
  hub.Start();
  absl::Notification called;
  int calls = 0;
  auto sub = hub.Subscribe("run1", [&] {
    ++calls;
    if (!called.HasBeenNotified()) called.Notify();
  });
  auto other = hub.Subscribe("run2", [] { FAIL("run2 was not notified"); });
  hub.Notify("run1");
  REQUIRE(called.WaitForNotificationWithTimeout(absl::Seconds(5)));
  sub.reset();  // waits for a running call; none starts afterwards
  const int after = calls;
  hub.Notify("run1");
  other.reset();
  hub.Stop();
  CHECK(calls == after);
}

}  // namespace
}  // namespace champion::runs
