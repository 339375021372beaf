#pragma once

// Private to the HTTP server's translation units: the two streams a connection runs on
// (plain TCP, TLS over TCP) and what differs between them, so that one session
// implementation (http_session.cpp) serves both.

// <utility> must precede Asio: Boost 1.74's awaitable.hpp uses std::exchange without it.
#include <utility>
//
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <memory>

#include "absl/time/time.h"

namespace champion::gateway {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

#define CHAMPION_EC(ec) net::redirect_error(net::use_awaitable, ec)

//! absl -> steady clock duration; infinite (or over a day) becomes a day.
inline std::chrono::steady_clock::duration ToChrono(absl::Duration d) {
  if (d == absl::InfiniteDuration() || d > absl::Hours(24)) return std::chrono::hours(24);
  return absl::ToChronoNanoseconds(d);
}

// The two kinds of connection. One session implementation serves both (the templates of
// http_server_impl.h, instantiated in http_session.cpp); deadlines live on the TCP layer.
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// A TLS stream for an accepted socket, on `ctx` (the context current at accept time: the
// connection keeps it whatever reloads follow, as its SSL object holds a reference).
inline TlsStream MakeTlsStream(tcp::socket socket, const std::shared_ptr<ssl_ctx_st>& ctx) {
  SSL_CTX_up_ref(ctx.get());
  net::ssl::context wrapper(ctx.get());  // releases that reference when it goes
  return TlsStream(beast::tcp_stream(std::move(socket)), wrapper);
}

// The TLS handshake (server side) within `timeout`; nothing to do on a plain stream.
inline net::awaitable<beast::error_code> Handshake(PlainStream&, absl::Duration) {
  co_return beast::error_code();
}
inline net::awaitable<beast::error_code> Handshake(TlsStream& stream, absl::Duration timeout) {
  beast::error_code ec;
  beast::get_lowest_layer(stream).expires_after(ToChrono(timeout));
  co_await stream.async_handshake(net::ssl::stream_base::server, CHAMPION_EC(ec));
  co_return ec;
}

// Before closing: TLS sends close_notify (and waits up to 1 s for the peer's); plain
// streams have nothing to say.
inline net::awaitable<void> SayGoodbye(PlainStream&) { co_return; }
inline net::awaitable<void> SayGoodbye(TlsStream& stream) {
  beast::error_code ec;
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(1));
  co_await stream.async_shutdown(CHAMPION_EC(ec));
}

}  // namespace champion::gateway
