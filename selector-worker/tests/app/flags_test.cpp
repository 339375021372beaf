#include "app/flags.h"

#include <catch2/catch.hpp>

namespace champion::app {
namespace {

TEST_CASE("purge ages are days or durations", "[app]") {
  CHECK(*ParseAge("90d") == absl::Hours(24 * 90));
  CHECK(*ParseAge("0d") == absl::ZeroDuration());
  CHECK(*ParseAge("36h") == absl::Hours(36));
  CHECK(*ParseAge("90m") == absl::Minutes(90));
  for (const char* bad : {"", "d", "ninety days", "90", "-1d", "-5h", "inf", "90 d"}) {
    INFO(bad);
    const auto age = ParseAge(bad);
    REQUIRE_FALSE(age.ok());
    CHECK(age.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(std::string(age.status().message()).find("--older_than") != std::string::npos);
  }
}

}  // namespace
}  // namespace champion::app
