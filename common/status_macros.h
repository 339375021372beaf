#pragma once

// RETURN_IF_ERROR / ASSIGN_OR_RETURN for absl::Status and absl::StatusOr<T>, until Abseil
// ships its own.

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define CHAMPION_STATUS_CONCAT_INNER(a, b) a##b
#define CHAMPION_STATUS_CONCAT(a, b) CHAMPION_STATUS_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                            \
  do {                                                   \
    const ::absl::Status champion_status_ = (expr);      \
    if (!champion_status_.ok()) return champion_status_; \
  } while (0)

#define ASSIGN_OR_RETURN(lhs, expr) \
  CHAMPION_ASSIGN_OR_RETURN_IMPL(CHAMPION_STATUS_CONCAT(champion_statusor_, __LINE__), lhs, expr)

#define CHAMPION_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr) \
  auto statusor = (expr);                                   \
  if (!statusor.ok()) return std::move(statusor).status();  \
  lhs = std::move(statusor).value()
