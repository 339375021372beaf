#pragma once

// Private to the HTTP server's translation units (http_server.cpp: listening, accepting,
// certificate reloads, shutdown; http_session.cpp: one connection's requests, plain or
// TLS). With http_server_stream.h and http_server_parser_impl.h, the only headers that
// include Beast/Asio.

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "http/concurrency_limit.h"
#include "http/http_server.h"
#include "http/http_server_parser_impl.h"
#include "http/http_server_stream.h"
#include "http/log_throttle.h"
#include "http/tls_server_context.h"
#include "problem/problem_json.h"

namespace champion::gateway {

// What the server needs of any session at shutdown.
struct SessionBase {
  virtual ~SessionBase() = default;
  virtual void Stop() = 0;
};

// One connection. Its members are touched only on its strand, except Wake() and Stop()
// which post there.
template <class Stream>
struct Session final : SessionBase, std::enable_shared_from_this<Session<Stream>> {
  explicit Session(Stream s) : stream(std::move(s)), timer(stream.get_executor()) {}

  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream); }

  void Wake() {
    net::post(stream.get_executor(), [self = this->shared_from_this()] { self->timer.cancel(); });
  }
  void Stop() override {
    net::post(stream.get_executor(), [self = this->shared_from_this()] {
      self->stopping = true;
      beast::error_code ignored;
      if (self->reading) self->tcp().socket().cancel(ignored);
      self->timer.cancel();
    });
  }

  Stream stream;
  net::steady_timer timer;  // wake-ups from the exchange, heartbeats
  bool stopping = false;
  bool reading = false;        // waiting for the next request (or the TLS handshake)
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
  std::unique_ptr<TlsServerContext> tls;  // null: plain HTTP
  net::io_context ioc;                    // before the I/O objects: destroyed after them
  tcp::acceptor acceptor{net::make_strand(ioc)};
  net::steady_timer accept_pause{acceptor.get_executor()};  // backs off failed accepts
  net::steady_timer tls_check{acceptor.get_executor()};     // paces certificate checks
  std::vector<std::thread> threads;
  uint16_t port = 0;
  ConcurrencyLimit refusing{kMaxRefusing};
  LogThrottle accept_errors{absl::Seconds(10)};
  LogThrottle refusals{absl::Seconds(10)};
  absl::Mutex mu;
  std::map<SessionBase*, std::shared_ptr<SessionBase>> sessions ABSL_GUARDED_BY(mu);
  bool stopping ABSL_GUARDED_BY(mu) = false;
  bool accept_loop_done ABSL_GUARDED_BY(mu) = false;
  bool shut_down = false;  // Shutdown() ran (caller's thread only)

  enum class Admission { kAdmitted, kFull, kStopping };
  Admission AddSession(const std::shared_ptr<SessionBase>& s);
  void RemoveSession(SessionBase* s);

  // http_server.cpp
  net::awaitable<void> AcceptLoop();
  net::awaitable<void> AcceptConnections();
  net::awaitable<void> WatchTlsFiles();
  template <class Stream>
  Admission Admit(Stream stream);
  template <class Stream>
  net::awaitable<void> Refuse(Stream stream, ConcurrencyLimit::Slot slot);
  // http_session.cpp (instantiated there for PlainStream and TlsStream)
  template <class Stream>
  net::awaitable<void> RunSession(std::shared_ptr<Session<Stream>> s);
  template <class Stream>
  net::awaitable<bool> ServeOne(Session<Stream>& s, beast::flat_buffer& buffer);
  template <class Stream>
  net::awaitable<bool> AwaitRequestStart(Session<Stream>& s, beast::flat_buffer& buffer);
  template <class Stream>
  net::awaitable<beast::error_code> ReadRequest(Session<Stream>& s, beast::flat_buffer& buffer,
                                                RequestParser& parser);
  template <class Stream>
  net::awaitable<Outcome> Deliver(std::shared_ptr<Session<Stream>> s, Exchange& ex,
                                  const HttpRequest& req, bool keep_alive);
  template <class Stream>
  net::awaitable<beast::error_code> Write(Session<Stream>& s, HttpResponse r,
                                          const std::string& method, const std::string& request_id,
                                          bool keep_alive, unsigned version);
  template <class Stream>
  net::awaitable<void> WatchDisconnect(std::shared_ptr<Session<Stream>> s,
                                       std::shared_ptr<Exchange> ex);
  template <class Stream>
  net::awaitable<void> Reject(Session<Stream>& s, Problem problem, const std::string& method);
};

}  // namespace champion::gateway
