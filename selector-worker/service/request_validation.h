#pragma once

// Request checks that run before any work: each collects every field problem at once and
// answers InvalidArgument with google.rpc.BadRequest field violations (HTTP 422).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "champion/v1/catalog.pb.h"
#include "champion/v1/selection.pb.h"
#include "common/status_codes.h"
#include "engine/series/availability.h"

namespace champion::service {

//! An id the request must carry: 0 (proto3's "not set") is "is required", a negative one
//! "must be >= 1 (got -3)".
void CheckRequiredId(std::vector<FieldViolation>& out, const std::string& field, int64_t id);

//! store_id and product_id >= 1; forecast_horizon 1..90 [14]; split n_splits 2..20 [5],
//! min_train_size >= 7 [30]. Returns the engine options on success.
absl::StatusOr<engine::AvailabilityOptions> ValidateAvailabilityRequest(
    const champion::v1::GetAvailabilityRequest& request);

//! store_id and product_id >= 1; start_date/end_date empty or ISO dates, start <= end.
absl::Status ValidateGetSalesRequest(const champion::v1::GetSalesRequest& request);

//! An inclusive day range of a listing; either end may be open.
struct DayRange {
  std::optional<absl::CivilDay> from;
  std::optional<absl::CivilDay> to;
};

//! ListRuns' filters: created_from/created_to empty or ISO dates, from <= to. Returns them.
absl::StatusOr<DayRange> ValidateListRunsRequest(const champion::v1::ListRunsRequest& request);

//! The page size to serve (AIP-158): `default_size` for 0, max_page_size for anything above
//! it (a client asking for more gets the most a page holds, not an error). InvalidArgument
//! naming page_size when negative.
absl::StatusOr<int> PageSize(int page_size, int default_size, int max_page_size);

//! A catalog search: at most kMaxSearchBytes, no control characters (NUL included).
absl::Status ValidateSearch(const std::string& search);

}  // namespace champion::service
