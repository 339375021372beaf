#pragma once

// Length caps on the parts of a request target that become request values (ids in paths,
// query parameters), checked before routing: a long value must never reach the worker,
// which may echo it back into a status message (and so into gRPC metadata).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace champion::gateway {

//! Longest path segment, query parameter name or value, in bytes after percent-decoding.
inline constexpr size_t kMaxUriComponentBytes = 1024;

//! Nullopt when every segment of `path` and every name and value of `query` is at most
//! `max_bytes` long once decoded; else a message for a 414 naming the part (a query
//! parameter's name is echoed, cut to a bounded length). Malformed escapes are not this
//! check's concern: each counts as its raw characters.
std::optional<std::string> CheckUriLimits(std::string_view path, std::string_view query,
                                          size_t max_bytes = kMaxUriComponentBytes);

}  // namespace champion::gateway
