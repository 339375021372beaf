#pragma once

// How the server reads a request's line and headers, exposed without Beast: the same
// parser, settings and limits as a connection uses, over bytes already in memory. For
// tests and the fuzz target (fuzz/http_head_fuzz.cpp); the server itself reads from a
// socket (http_server_parser_impl.h).

#include <cstddef>
#include <optional>
#include <string_view>

#include "http/http_message.h"
#include "problem/problem_json.h"

namespace champion::gateway {

//! A request line plus headers longer than this is answered 431.
inline constexpr size_t kMaxRequestHeadBytes = 32 * 1024;

//! What the server makes of the first bytes of a request.
struct RequestHeadResult {
  enum class State {
    kNeedMore,  //!< no complete head yet (the server would read on)
    kComplete,  //!< `request` holds the head (its body is empty)
    kError,     //!< `problem` is the answer the server sends before closing
  };
  State state = State::kNeedMore;
  HttpRequest request;             //!< kComplete only
  std::optional<Problem> problem;  //!< kError only: 400, 413 or 431
  size_t head_bytes = 0;           //!< kComplete: bytes of the input the head took
};

//! Parses the head at the start of `bytes` exactly as a connection does: header limit
//! kMaxRequestHeadBytes (431), body limit `max_body_bytes` (a larger Content-Length is 413
//! as soon as the head is in), malformed input 400. Bytes after the head are not looked
//! at. Pure; thread-safe.
RequestHeadResult ParseRequestHead(std::string_view bytes, size_t max_body_bytes);

}  // namespace champion::gateway
