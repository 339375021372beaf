#pragma once

// HttpServer's internals, shared by http_server.cpp (accepting and reading requests,
// start-up, shutdown) and http_server_deliver.cpp (writing answers and event streams).
// Included by those two files only.

// <utility> must precede Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
// (the include sorter would move it after <boost/...>).
// clang-format off
#include <utility>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "http/exchange.h"
#include "http/http_message.h"
#include "http/http_server.h"
#include "problem/problem_json.h"

namespace champion::gateway {
namespace http_internal {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

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

}  // namespace http_internal

// This header is included by the server's own .cpp files only, so these short names do not
// leak further.
namespace net = http_internal::net;
namespace beast = http_internal::beast;
namespace http = http_internal::http;
using tcp = http_internal::tcp;

#define CHAMPION_EC(ec) net::redirect_error(net::use_awaitable, ec)

struct HttpServer::Impl {
  using Session = http_internal::Session;
  using Outcome = http_internal::Outcome;
  using PostGate = http_internal::PostGate;
  using Problem = gateway::Problem;

  std::shared_ptr<PostGate> gate = std::make_shared<PostGate>();
  HttpServerOptions options;
  HttpHandler handler;
  net::io_context ioc;  // first: destroyed last
  tcp::acceptor acceptor{net::make_strand(ioc)};
  std::vector<std::thread> threads;
  uint16_t port = 0;
  absl::Mutex mu;
  std::map<Session*, std::shared_ptr<Session>> sessions ABSL_GUARDED_BY(mu);
  bool stopping ABSL_GUARDED_BY(mu) = false;
  bool accept_loop_done ABSL_GUARDED_BY(mu) = false;
  bool shut_down = false;  // Shutdown() ran (caller's thread only)

  bool AddSession(const std::shared_ptr<Session>& s) {
    absl::MutexLock lock(&mu);
    if (stopping) return false;
    sessions[s.get()] = s;
    return true;
  }
  void RemoveSession(Session* s) {
    absl::MutexLock lock(&mu);
    sessions.erase(s);
  }

  net::awaitable<void> AcceptLoop();
  net::awaitable<void> AcceptConnections();
  net::awaitable<void> RunSession(std::shared_ptr<Session> s);
  net::awaitable<bool> ServeOne(Session& s, beast::flat_buffer& buffer);
  net::awaitable<Outcome> Deliver(std::shared_ptr<Session> s, Exchange& ex, const HttpRequest& req,
                                  bool keep_alive);
  net::awaitable<beast::error_code> Write(Session& s, HttpResponse r, const std::string& method,
                                          const std::string& request_id, bool keep_alive,
                                          unsigned version);
  net::awaitable<void> WatchDisconnect(std::shared_ptr<Session> s, std::shared_ptr<Exchange> ex);
  net::awaitable<void> Reject(Session& s, Problem problem, const std::string& method);
};

}  // namespace champion::gateway
