// The shared request checks of the catalog and run listings.

#include "service/request_validation.h"

#include <catch2/catch.hpp>

#include "common/status_codes.h"

namespace champion::service {
namespace {

TEST_CASE("A page size above the maximum serves the maximum (AIP-158)", "[service]") {
  CHECK(*PageSize(0, 50, 500) == 50);
  CHECK(*PageSize(1, 50, 500) == 1);
  CHECK(*PageSize(500, 50, 500) == 500);
  CHECK(*PageSize(501, 50, 500) == 500);
  CHECK(*PageSize(2147483647, 50, 500) == 500);
  const absl::StatusOr<int> negative = PageSize(-1, 50, 500);
  REQUIRE(negative.status().code() == absl::StatusCode::kInvalidArgument);
  const auto violations = GetFieldViolations(negative.status());
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].field == "page_size");
  CHECK(violations[0].description == "must not be negative (got -1)");
}

}  // namespace
}  // namespace champion::service
