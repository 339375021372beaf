#include "http/uri_limits.h"

#include <catch2/catch.hpp>

namespace champion::gateway {

TEST_CASE("Path segments and query values are capped once decoded", "[unit][http]") {
  const std::string at_cap(kMaxUriComponentBytes, 'a');
  const std::string over_cap(kMaxUriComponentBytes + 1, 'a');
  CHECK_FALSE(CheckUriLimits("/model-selection/" + at_cap, "search=" + at_cap).has_value());
  CHECK(CheckUriLimits("/model-selection/" + over_cap + "/events", "") ==
        "a path segment is longer than 1024 bytes");
  CHECK(CheckUriLimits("/stores", "limit=1&search=" + over_cap) ==
        "query parameter \"search\" is longer than 1024 bytes");
  CHECK(CheckUriLimits("/stores", over_cap + "=1") ==
        "a query parameter name is longer than 1024 bytes");
  // "%41" is one byte once decoded: 1024 escapes are within the cap.
  std::string escaped;
  for (size_t i = 0; i < kMaxUriComponentBytes; ++i) escaped += "%41";
  CHECK_FALSE(CheckUriLimits("/x/" + escaped, "q=" + escaped).has_value());
  CHECK(CheckUriLimits("/x/" + escaped + "A", "").has_value());
  // A long parameter name is cut in the message.
  const auto message = CheckUriLimits("/x", std::string(500, 'n') + "=" + over_cap, 2000);
  CHECK_FALSE(message.has_value());
  CHECK(CheckUriLimits("/x", std::string(500, 'n') + "=" + over_cap, 600)->size() < 300);
}

}  // namespace champion::gateway
