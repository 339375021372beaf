#include "service/handler_pool.h"

#include <catch2/catch.hpp>

#include "absl/synchronization/notification.h"

namespace champion::service {
namespace {

TEST_CASE("HandlerPool refuses work beyond its queue and runs what it accepted", "[service]") {
  absl::Notification release;
  absl::Notification started;
  int ran = 0;
  {
    HandlerPool pool({.name = "test", .threads = 1, .max_queued = 2});
    REQUIRE(pool.Post([&] {
      started.Notify();
      release.WaitForNotification();
    }));
    started.WaitForNotification();  // the only thread is busy from here on
    CHECK(pool.Post([&] { ++ran; }));
    CHECK(pool.Post([&] { ++ran; }));
    CHECK(pool.queued() == 2);
    CHECK_FALSE(pool.Post([&] { ran += 100; }));
    CHECK(pool.queued() == 2);
    release.Notify();
  }  // the destructor runs what was queued, then joins
  CHECK(ran == 2);
}

}  // namespace
}  // namespace champion::service
