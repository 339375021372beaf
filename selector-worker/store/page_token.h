#pragma once

// Opaque page tokens for keyset pagination: web-safe base64 of "<kind>:<last id>".

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace champion::store {

std::string EncodePageToken(std::string_view kind, int64_t last_id);

//! The last id of the previous page; 0 for an empty token.
//! Errors: InvalidArgument "invalid page_token" (not ours, or of another kind).
absl::StatusOr<int64_t> DecodePageToken(std::string_view kind, std::string_view token);

}  // namespace champion::store
