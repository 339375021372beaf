#include "common/auth/scopes.h"

#include <catch2/catch.hpp>

namespace champion::auth {

TEST_CASE("Scopes parse by their wire names only", "[unit][auth]") {
  CHECK(ParseScope("runs:write") == Scope::kRunsWrite);
  CHECK(ParseScope("admin") == Scope::kAdmin);
  CHECK_FALSE(ParseScope("RUNS:WRITE").has_value());
  CHECK_FALSE(ParseScope("runs").has_value());
  for (int i = 0; i < kScopeCount; ++i) {
    const auto scope = static_cast<Scope>(i);
    CHECK(ParseScope(ScopeName(scope)) == scope);
  }
}

TEST_CASE("A scope list accepts commas and spaces", "[unit][auth]") {
  auto set = ScopeSet::Parse("data:read, runs:read  runs:write", true);
  REQUIRE(set.ok());
  CHECK(set->Names() == std::vector<std::string>{"data:read", "runs:read", "runs:write"});
  CHECK_FALSE(set->Has(Scope::kAdmin));
  CHECK(ScopeSet::All().Names().size() == kScopeCount);
}

TEST_CASE("Unknown scopes are errors in strict lists and ignored in JWT claims", "[unit][auth]") {
  auto strict = ScopeSet::Parse("data:read orders:write", true);
  REQUIRE_FALSE(strict.ok());
  CHECK_THAT(std::string(strict.status().message()), Catch::Contains("orders:write"));
  auto lenient = ScopeSet::Parse("openid data:read orders:write", false);
  REQUIRE(lenient.ok());
  CHECK(lenient->Names() == std::vector<std::string>{"data:read"});
}

}  // namespace champion::auth
