#pragma once

// What went wrong inside (a database's own error text, say) travels with an absl::Status as a
// payload that is logged with the request id but never put on the wire: ToGrpcStatus forwards
// only the payloads meant for clients (common/status_codes.h).

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/string_view.h"

namespace champion {

inline constexpr absl::string_view kInternalDetailUrl = "champion/internal-detail";

//! `status` with `detail` attached for the logs.
inline absl::Status WithInternalDetail(absl::Status status, absl::string_view detail) {
  status.SetPayload(kInternalDetailUrl, absl::Cord(detail));
  return status;
}

//! The detail attached by WithInternalDetail, if any.
inline std::optional<std::string> GetInternalDetail(const absl::Status& status) {
  auto payload = status.GetPayload(kInternalDetailUrl);
  if (!payload.has_value()) return std::nullopt;
  return std::string(*payload);
}

}  // namespace champion
