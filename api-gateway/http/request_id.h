#pragma once

// X-Request-Id handling: a client's id is kept when it is safe to echo and log.

#include <string>
#include <string_view>

namespace champion::gateway {

inline constexpr size_t kMaxRequestIdLength = 128;

//! True for 1..128 printable ASCII characters (0x21..0x7e, no spaces or controls), so
//! the id can go into headers, gRPC metadata and log lines unchanged.
bool IsValidRequestId(std::string_view id);

//! 32 random lowercase hex digits. Thread-safe.
std::string NewRequestId();

//! The client's id when valid, else a new one.
std::string RequestIdFor(std::string_view client_value);

}  // namespace champion::gateway
