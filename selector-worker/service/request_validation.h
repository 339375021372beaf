#pragma once

// Request checks that run before any work: each collects every field problem at once and
// answers InvalidArgument with google.rpc.BadRequest field violations (HTTP 422).

#include "absl/status/statusor.h"
#include "champion/v1/catalog.pb.h"
#include "champion/v1/selection.pb.h"
#include "engine/series/availability.h"

namespace champion::service {

//! store_id and product_id >= 1; forecast_horizon 1..90 [14]; split n_splits 2..20 [5],
//! min_train_size >= 7 [30]. Returns the engine options on success.
absl::StatusOr<engine::AvailabilityOptions> ValidateAvailabilityRequest(
    const champion::v1::GetAvailabilityRequest& request);

//! store_id and product_id >= 1; start_date/end_date empty or ISO dates, start <= end.
absl::Status ValidateGetSalesRequest(const champion::v1::GetSalesRequest& request);

//! page_size 0..max_page_size (0 takes the default).
absl::Status ValidatePageSize(int page_size, int max_page_size);

//! A catalog search: at most kMaxSearchBytes, no control characters (NUL included).
absl::Status ValidateSearch(const std::string& search);

}  // namespace champion::service
