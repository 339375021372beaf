#pragma once

// W3C Trace Context (https://www.w3.org/TR/trace-context/): the gateway keeps a caller's
// trace id from `traceparent` or starts a trace, and passes its own span on to the worker.

#include <optional>
#include <string>
#include <string_view>

namespace champion::gateway {

struct TraceParent {
  std::string trace_id;   //!< 32 lowercase hex digits, not all zero
  std::string parent_id;  //!< 16 lowercase hex digits, not all zero
  std::string flags;      //!< 2 lowercase hex digits ("01": sampled)

  //! "00-<trace_id>-<parent_id>-<flags>"
  std::string Header() const;
};

//! A traceparent header value, or nothing when it is not one (then the trace restarts, as
//! the specification says). Version 00 exactly; a later version is read by its first four
//! fields; version ff is invalid.
std::optional<TraceParent> ParseTraceParent(std::string_view value);

//! The traceparent the gateway sends on: the caller's trace id and flags (or a new trace id,
//! flags 00) with a new span id of the gateway's own. Thread-safe.
TraceParent ContinueTrace(const std::optional<TraceParent>& incoming);

}  // namespace champion::gateway
