#include "http/concurrency_limit.h"

#include <catch2/catch.hpp>
#include <vector>

namespace champion::gateway {

TEST_CASE("A concurrency limit hands out at most max slots", "[unit][http]") {
  ConcurrencyLimit::Slot outliving;
  {
    ConcurrencyLimit limit(2);
    ConcurrencyLimit::Slot a = limit.TryAcquire();
    ConcurrencyLimit::Slot b = limit.TryAcquire();
    REQUIRE(a != nullptr);
    REQUIRE(b != nullptr);
    CHECK(limit.TryAcquire() == nullptr);
    CHECK(limit.in_use() == 2);
    ConcurrencyLimit::Slot copy = a;  // copies share one slot
    a.reset();
    CHECK(limit.in_use() == 2);
    copy.reset();
    CHECK(limit.in_use() == 1);
    outliving = limit.TryAcquire();
    REQUIRE(outliving != nullptr);
    CHECK(limit.TryAcquire() == nullptr);
  }
  outliving.reset();  // released after the limit is gone: must not touch freed memory
  ConcurrencyLimit none(0);
  CHECK(none.TryAcquire() == nullptr);
}

}  // namespace champion::gateway
