#pragma once

// Private to the HTTP server's translation units: the Beast request parser as every
// connection configures it, and what a parsed request (or a read error) becomes. Shared
// with ParseRequestHead (http_server_parser.h) so that tests and the fuzz target exercise
// exactly what the server runs.

// <utility> must precede Asio: Boost 1.74's awaitable.hpp uses std::exchange without it.
#include <utility>
//
#include <boost/beast/http.hpp>
#include <string>

#include "http/http_message.h"
#include "problem/problem_json.h"

namespace champion::gateway {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

//! Sets the limits a connection reads with: kMaxRequestHeadBytes for the line and
//! headers, `max_body_bytes` for the body.
void ConfigureRequestParser(RequestParser& parser, size_t max_body_bytes);

//! The parsed request as the handlers see it (path and query split, a request id chosen).
HttpRequest ToRequest(boost::beast::http::request<boost::beast::http::string_body>&& r);

//! The answer to a request that could not be read (`ec` from the parser or the read):
//! 413 (body limit), 431 (header limit) or 400, naming what the parser got of the path
//! and keeping the client's request id when it is valid.
Problem ReadErrorProblem(const boost::system::error_code& ec, size_t max_body_bytes,
                         const RequestParser& parser);

}  // namespace champion::gateway
