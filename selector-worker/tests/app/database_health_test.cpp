#include "app/database_health.h"

#include <catch2/catch.hpp>

namespace champion::app {
namespace {

TEST_CASE("One failed database probe does not take the worker out of service", "[app]") {
  DatabaseHealth health(3);
  CHECK(health.Observe(true));
  CHECK(health.Observe(false));
  CHECK(health.Observe(false));
  // A success in between starts the count again.
  CHECK(health.Observe(true));
  CHECK(health.Observe(false));
  CHECK(health.Observe(false));
  CHECK_FALSE(health.Observe(false));
  CHECK_FALSE(health.serving());
  CHECK_FALSE(health.Observe(false));
  // The first success brings it back.
  CHECK(health.Observe(true));
  CHECK(health.serving());
}

TEST_CASE("A threshold of one follows every probe", "[app]") {
  DatabaseHealth health(1);
  CHECK_FALSE(health.Observe(false));
  CHECK(health.Observe(true));
}

}  // namespace
}  // namespace champion::app
