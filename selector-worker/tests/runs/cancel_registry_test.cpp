#include "runs/cancel_registry.h"

#include <catch2/catch.hpp>

#include "absl/synchronization/notification.h"
#include "runs/watch_hub.h"

namespace champion::runs {
namespace {

using store::CandidateAttempt;

const absl::Time kLease = absl::FromUnixSeconds(1000);

TEST_CASE("CancelRegistry flips the tokens of a run and remembers the first reason", "[runs]") {
  CancelRegistry registry;
  const CandidateAttempt a{"a", 1}, b{"b", 1}, c{"c", 1};
  auto ta = registry.Register(a, "run1", kLease);
  auto tb = registry.Register(b, "run1", kLease);
  auto tc = registry.Register(c, "run2", kLease);
  CHECK(registry.CancelRun("run1") == 2);
  CHECK(ta->IsCancelled());
  CHECK(tb->IsCancelled());
  CHECK_FALSE(tc->IsCancelled());
  CHECK(registry.Reason(a) == StopReason::kCancelRequested);
  registry.Stop(a, StopReason::kShutdown);
  CHECK(registry.Reason(a) == StopReason::kCancelRequested);
  // Heartbeat: "c" was asked about but not renewed (lost); "b" renewed.
  registry.Reconcile({b, c}, {{b, "run1", false}}, kLease + absl::Seconds(5));
  CHECK(registry.Reason(c) == StopReason::kLeaseLost);
  CHECK(tc->IsCancelled());
  CHECK(registry.LeaseUntil(b) == kLease + absl::Seconds(5));
  CHECK(registry.LeaseUntil(c) == kLease);
  registry.Unregister(c);
  CHECK(registry.Reason(c) == StopReason::kNone);
  CHECK(registry.LeaseUntil(c) == absl::InfinitePast());
  registry.StopAll();
  CHECK(registry.Register({"d", 1}, "run3", kLease)->IsCancelled());
  CHECK(registry.Reason({"d", 1}) == StopReason::kShutdown);
}

TEST_CASE("CancelRegistry keeps two attempts of one candidate apart", "[runs]") {
  CancelRegistry registry;
  const CandidateAttempt stale{"a", 1}, fresh{"a", 2};
  auto stale_token = registry.Register(stale, "run1", kLease);
  auto fresh_token = registry.Register(fresh, "run1", kLease + absl::Seconds(9));
  // The heartbeat renews only the fresh attempt: the stale one stops, the fresh one runs on.
  registry.Reconcile({stale, fresh}, {{fresh, "run1", false}}, kLease + absl::Seconds(10));
  CHECK(stale_token->IsCancelled());
  CHECK(registry.Reason(stale) == StopReason::kLeaseLost);
  CHECK_FALSE(fresh_token->IsCancelled());
  CHECK(registry.Reason(fresh) == StopReason::kNone);
  CHECK(registry.LeaseUntil(fresh) == kLease + absl::Seconds(10));
  // The stale attempt ending does not take the fresh one's entry with it.
  registry.Unregister(stale);
  REQUIRE(registry.Held() == std::vector<CandidateAttempt>{fresh});
  CHECK(registry.Stop(fresh, StopReason::kShutdown));
  CHECK(fresh_token->IsCancelled());
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
