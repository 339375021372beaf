#pragma once

// Private to the HTTP server's translation units (http_server.cpp: listening, accepting,
// shutdown; http_session.cpp: one connection's requests). The only headers that include
// Beast/Asio.

// <utility> must precede Asio: Boost 1.74's awaitable.hpp uses std::exchange without it.
#include <utility>
//
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "http/concurrency_limit.h"
#include "http/http_server.h"
#include "http/http_server_parser_impl.h"
#include "http/log_throttle.h"
#include "problem/problem_json.h"

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

// One connection. Its members are touched only on its strand, except Wake() and Stop()
// which post there.
struct Session : std::enable_shared_from_this<Session> {
  explicit Session(tcp::socket socket) : stream(std::move(socket)), timer(stream.get_executor()) {}

  void Wake() {
    net::post(stream.get_executor(), [self = shared_from_this()] { self->timer.cancel(); });
  }
  void Stop() {
    net::post(stream.get_executor(), [self = shared_from_this()] {
      self->stopping = true;
      beast::error_code ignored;
      if (self->reading) self->stream.socket().cancel(ignored);
      self->timer.cancel();
    });
  }

  beast::tcp_stream stream;
  net::steady_timer timer;  // wake-ups from the exchange, heartbeats
  bool stopping = false;
  bool reading = false;        // waiting for the next request
  bool exchange_done = false;  // the disconnect watcher must not report any more
};

struct Outcome {
  int status = 0;
  bool streamed = false;
  bool ok = true;  // the connection is still usable
};

// Guards wake-ups from foreign (gRPC) threads: closed before the io_context is destroyed.
struct PostGate {
  absl::Mutex mu;
  bool open ABSL_GUARDED_BY(mu) = true;
};

// Connections over max_connections get a canned 503 from at most this many coroutines at
// once; beyond that they are closed unanswered (a flood must not cost more than that).
inline constexpr int kMaxRefusing = 64;

struct HttpServer::Impl {
  std::shared_ptr<PostGate> gate = std::make_shared<PostGate>();
  HttpServerOptions options;
  HttpHandler handler;
  net::io_context ioc;  // first: destroyed last
  tcp::acceptor acceptor{net::make_strand(ioc)};
  net::steady_timer accept_pause{acceptor.get_executor()};  // backs off failed accepts
  std::vector<std::thread> threads;
  uint16_t port = 0;
  ConcurrencyLimit refusing{kMaxRefusing};
  LogThrottle accept_errors{absl::Seconds(10)};
  LogThrottle refusals{absl::Seconds(10)};
  absl::Mutex mu;
  std::map<Session*, std::shared_ptr<Session>> sessions ABSL_GUARDED_BY(mu);
  bool stopping ABSL_GUARDED_BY(mu) = false;
  bool accept_loop_done ABSL_GUARDED_BY(mu) = false;
  bool shut_down = false;  // Shutdown() ran (caller's thread only)

  enum class Admission { kAdmitted, kFull, kStopping };
  Admission AddSession(const std::shared_ptr<Session>& s);
  void RemoveSession(Session* s);

  // http_server.cpp
  net::awaitable<void> AcceptLoop();
  net::awaitable<void> AcceptConnections();
  net::awaitable<void> Refuse(beast::tcp_stream stream, ConcurrencyLimit::Slot slot);
  // http_session.cpp
  net::awaitable<void> RunSession(std::shared_ptr<Session> s);
  net::awaitable<bool> ServeOne(Session& s, beast::flat_buffer& buffer);
  net::awaitable<bool> AwaitRequestStart(Session& s, beast::flat_buffer& buffer);
  net::awaitable<beast::error_code> ReadRequest(Session& s, beast::flat_buffer& buffer,
                                                RequestParser& parser);
  net::awaitable<Outcome> Deliver(std::shared_ptr<Session> s, Exchange& ex, const HttpRequest& req,
                                  bool keep_alive);
  net::awaitable<beast::error_code> Write(Session& s, HttpResponse r, const std::string& method,
                                          const std::string& request_id, bool keep_alive,
                                          unsigned version);
  net::awaitable<void> WatchDisconnect(std::shared_ptr<Session> s, std::shared_ptr<Exchange> ex);
  net::awaitable<void> Reject(Session& s, Problem problem, const std::string& method);
};

}  // namespace champion::gateway
