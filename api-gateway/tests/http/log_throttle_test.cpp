#include "http/log_throttle.h"

#include <catch2/catch.hpp>

namespace champion::gateway {

TEST_CASE("A throttled log lets one line per period through with the dropped count",
          "[unit][http]") {
  LogThrottle throttle(absl::Seconds(10));
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  int64_t suppressed = -1;
  CHECK(throttle.Allow(t0, &suppressed));
  CHECK(suppressed == 0);
  int logged = 0;
  for (int i = 1; i <= 1000; ++i) {  // 1000 failures in the next 9.99 s
    if (throttle.Allow(t0 + absl::Milliseconds(i * 9.99), &suppressed)) ++logged;
  }
  CHECK(logged == 0);
  CHECK(throttle.Allow(t0 + absl::Seconds(10), &suppressed));
  CHECK(suppressed == 1000);
  CHECK_FALSE(throttle.Allow(t0 + absl::Seconds(11), &suppressed));
  CHECK(throttle.Allow(t0 + absl::Seconds(25), &suppressed));
  CHECK(suppressed == 1);
}

}  // namespace champion::gateway
