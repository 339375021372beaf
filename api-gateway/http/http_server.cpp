// <utility> must precede Asio: Boost 1.74's awaitable.hpp uses std::exchange without it.
#include "http/http_server.h"

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <map>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "http/request_id.h"
#include "problem/problem_json.h"
#include "spdlog/spdlog.h"

namespace champion::gateway {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

constexpr size_t kHeaderLimit = 32 * 1024;

std::chrono::steady_clock::duration ToChrono(absl::Duration d) {
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

HttpRequest ToRequest(http::request<http::string_body>&& r) {
  HttpRequest out;
  out.method = std::string(r.method_string());
  out.target = std::string(r.target());
  const size_t q = out.target.find('?');
  out.path = out.target.substr(0, q);
  if (q != std::string::npos) out.query = out.target.substr(q + 1);
  for (const auto& field : r) {
    out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  out.body = std::move(r.body());
  out.request_id = RequestIdFor(out.Header("X-Request-Id"));
  return out;
}

}  // namespace

// Guards wake-ups from foreign (gRPC) threads: closed before the io_context is destroyed.
struct PostGate {
  absl::Mutex mu;
  bool open ABSL_GUARDED_BY(mu) = true;
};

struct HttpServer::Impl {
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

namespace {
#define CHAMPION_EC(ec) net::redirect_error(net::use_awaitable, ec)
}  // namespace

net::awaitable<void> HttpServer::Impl::AcceptLoop() {
  co_await AcceptConnections();
  // Shutdown waits for this too: an accepted socket must not outlive the drain unanswered.
  absl::MutexLock lock(&mu);
  accept_loop_done = true;
}

net::awaitable<void> HttpServer::Impl::AcceptConnections() {
  for (;;) {
    beast::error_code ec;
    net::any_io_executor strand = net::make_strand(ioc);
    tcp::socket socket = co_await acceptor.async_accept(strand, CHAMPION_EC(ec));
    if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      spdlog::warn("accept failed: {}", ec.message());
      continue;
    }
    auto session = std::make_shared<Session>(std::move(socket));
    if (!AddSession(session)) co_return;
    net::co_spawn(session->stream.get_executor(), RunSession(session), net::detached);
  }
}

net::awaitable<void> HttpServer::Impl::RunSession(std::shared_ptr<Session> s) {
  beast::flat_buffer buffer;
  try {
    while (!s->stopping && co_await ServeOne(*s, buffer)) {
    }
  } catch (const std::exception& e) {
    spdlog::error("connection error: {}", e.what());
  }
  beast::error_code ignored;
  s->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  s->stream.socket().close(ignored);
  s->timer.cancel();
  RemoveSession(s.get());
}

// Reads and answers one request; false when the connection must close.
net::awaitable<bool> HttpServer::Impl::ServeOne(Session& s, beast::flat_buffer& buffer) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(options.max_body_bytes);
  parser.header_limit(kHeaderLimit);
  beast::error_code ec;
  s.reading = true;
  s.stream.expires_after(ToChrono(options.idle_timeout));
  co_await http::async_read_header(s.stream, buffer, parser, CHAMPION_EC(ec));
  s.reading = false;
  const auto start = absl::Now();
  if (!ec && !s.stopping && beast::iequals(parser.get()[http::field::expect], "100-continue")) {
    http::response<http::empty_body> cont{http::status::continue_, parser.get().version()};
    co_await http::async_write(s.stream, cont, CHAMPION_EC(ec));
  }
  if (!ec && !s.stopping) co_await http::async_read(s.stream, buffer, parser, CHAMPION_EC(ec));
  if (s.stopping || ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
      ec == beast::error::timeout || ec == net::error::eof || ec == net::error::connection_reset) {
    co_return false;
  }
  const std::string request_id = RequestIdFor(
      std::string_view(parser.get()["X-Request-Id"].data(), parser.get()["X-Request-Id"].size()));
  const std::string path(parser.get().target().substr(0, parser.get().target().find('?')));
  const std::string method(parser.get().method_string());
  if (ec == http::error::body_limit) {
    Problem problem = MakeProblem(
        413, "PAYLOAD_TOO_LARGE",
        absl::StrCat("request body exceeds ", options.max_body_bytes, " bytes"), path, request_id);
    co_await Reject(s, std::move(problem), method);
    co_return false;
  }
  if (ec) {
    Problem problem = MakeProblem(400, "BAD_REQUEST", "malformed HTTP request", path, request_id);
    co_await Reject(s, std::move(problem), method);
    co_return false;
  }
  const unsigned version = parser.get().version();
  const bool keep_alive = parser.get().keep_alive();
  HttpRequest request = ToRequest(parser.release());
  std::weak_ptr<Session> weak = s.shared_from_this();
  auto exchange = std::make_shared<Exchange>([weak, gate = gate] {
    // Under the gate: a session released here (the last owner) dies while the io_context
    // still lives. After Shutdown the gate is closed and wake-ups are dropped.
    absl::MutexLock lock(&gate->mu);
    if (!gate->open) return;
    if (auto p = weak.lock()) p->Wake();
  });
  handler(request, exchange);
  s.exchange_done = false;
  const std::shared_ptr<Session> self = s.shared_from_this();
  if (exchange->watch_disconnect()) {
    net::co_spawn(s.stream.get_executor(), WatchDisconnect(self, exchange), net::detached);
  }
  const Outcome outcome = co_await Deliver(self, *exchange, request, keep_alive && version >= 11);
  s.exchange_done = true;
  spdlog::info("{} {} {} {}ms request_id={}", request.method, request.path, outcome.status,
               absl::ToInt64Milliseconds(absl::Now() - start), request.request_id);
  co_return outcome.ok && !outcome.streamed && keep_alive && !exchange->watch_disconnect();
}

namespace {

// Writes `buffers` (a chunk, the last chunk) within `timeout`.
template <typename Buffers>
net::awaitable<beast::error_code> WriteBuffers(Session& s, absl::Duration timeout,
                                               const Buffers& buffers) {
  beast::error_code ec;
  s.stream.expires_after(ToChrono(timeout));
  co_await net::async_write(s.stream, buffers, CHAMPION_EC(ec));
  co_return ec;
}

// The head of a chunked event stream; the connection closes after the stream.
net::awaitable<beast::error_code> WriteStreamHead(Session& s, absl::Duration timeout,
                                                  const HttpResponse& head,
                                                  const std::string& request_id) {
  http::response<http::empty_body> res{static_cast<http::status>(head.status), 11};
  for (const auto& h : head.headers) res.set(h.name, h.value);
  res.set("X-Request-Id", request_id);
  res.keep_alive(false);
  res.chunked(true);
  http::response_serializer<http::empty_body> serializer(res);
  beast::error_code ec;
  s.stream.expires_after(ToChrono(timeout));
  co_await http::async_write_header(s.stream, serializer, CHAMPION_EC(ec));
  co_return ec;
}

}  // namespace

// Drains the exchange until it is answered, its stream ends, or the client is gone.
net::awaitable<Outcome> HttpServer::Impl::Deliver(std::shared_ptr<Session> s, Exchange& ex,
                                                  const HttpRequest& req, bool keep_alive) {
  Outcome out;
  const absl::Duration timeout = options.write_timeout;
  beast::error_code ec;
  for (;;) {
    Exchange::Pending pending = ex.Take();
    if (pending.response.has_value()) {
      out.status = pending.response->status;
      ec = co_await Write(*s, *std::move(pending.response), req.method, req.request_id,
                          keep_alive && !s->stopping, 11);
      out.ok = !ec;
      co_return out;
    }
    if (pending.stream_head.has_value()) {
      out.streamed = true;
      out.status = pending.stream_head->status;
      ec = co_await WriteStreamHead(*s, timeout, *pending.stream_head, req.request_id);
    }
    for (const auto& chunk : pending.chunks) {
      const auto body = http::make_chunk(net::buffer(chunk));
      if (!ec) ec = co_await WriteBuffers(*s, timeout, body);
    }
    out.ok = false;  // after a stream the connection closes
    const auto last_chunk = http::make_chunk_last();
    if (!ec && pending.stream_ended) {
      co_await WriteBuffers(*s, timeout, last_chunk);
      co_return out;
    }
    if (!ec && s->stopping && ex.watch_disconnect()) {
      // Shutting down: cancel the gRPC stream; end the event stream or refuse the request.
      ex.ClientGone();
      if (out.streamed) {
        co_await WriteBuffers(*s, timeout, last_chunk);
      } else {
        out.status = 503;
        HttpResponse refusal = ProblemResponse(MakeProblem(
            503, "UNAVAILABLE", "the gateway is shutting down", req.path, req.request_id));
        co_await Write(*s, std::move(refusal), req.method, req.request_id, false, 11);
      }
      co_return out;
    }
    if (ec || ex.client_gone()) {
      ex.ClientGone();
      if (out.status == 0) out.status = 499;  // client closed before the answer (nginx's code)
      co_return out;
    }
    out.ok = true;
    // Wait only when nothing was taken: a wake-up posted while a write was in flight found
    // no waiting timer, so whatever it announced is already queued.
    if (pending.stream_head.has_value() || !pending.chunks.empty()) continue;
    s->stream.expires_never();
    s->timer.expires_after(out.streamed ? ToChrono(ex.heartbeat()) : std::chrono::hours(1));
    beast::error_code wait_ec;
    co_await s->timer.async_wait(CHAMPION_EC(wait_ec));
    if (!wait_ec && out.streamed) {
      const std::string heartbeat = ex.heartbeat_chunk();
      const auto body = http::make_chunk(net::buffer(heartbeat));
      ec = co_await WriteBuffers(*s, timeout, body);
    }
  }
}

net::awaitable<beast::error_code> HttpServer::Impl::Write(Session& s, HttpResponse r,
                                                          const std::string& method,
                                                          const std::string& request_id,
                                                          bool keep_alive, unsigned version) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  for (auto& h : r.headers) res.set(h.name, h.value);
  res.set("X-Request-Id", request_id);
  res.keep_alive(keep_alive);
  res.body() = std::move(r.body);
  res.prepare_payload();
  beast::error_code ec;
  s.stream.expires_after(ToChrono(options.write_timeout));
  if (method == "HEAD") {
    http::response_serializer<http::string_body> sr(res);
    co_await http::async_write_header(s.stream, sr, CHAMPION_EC(ec));
  } else {
    co_await http::async_write(s.stream, res, CHAMPION_EC(ec));
  }
  co_return ec;
}

net::awaitable<void> HttpServer::Impl::WatchDisconnect(std::shared_ptr<Session> s,
                                                       std::shared_ptr<Exchange> ex) {
  // While an event stream is open nothing else reads: EOF or an error means the client is
  // gone. (Pipelined bytes are discarded: the connection closes after the stream.)
  std::array<char, 512> scratch;
  beast::error_code ec;
  while (!ec) {
    co_await s->stream.socket().async_read_some(net::buffer(scratch), CHAMPION_EC(ec));
  }
  if (!s->exchange_done) {
    ex->ClientGone();
    s->timer.cancel();
  }
}

net::awaitable<void> HttpServer::Impl::Reject(Session& s, Problem problem,
                                              const std::string& method) {
  // No temporaries inside co_await expressions here and below: GCC 12 may destroy them
  // twice (seen as "free(): invalid pointer").
  HttpResponse response = ProblemResponse(problem);
  const std::string write_method = method == "HEAD" ? "GET" : method;
  co_await Write(s, std::move(response), write_method, problem.request_id, false, 11);
  spdlog::info("{} {} {} 0ms request_id={}", method, problem.instance, problem.status,
               problem.request_id);
  // Read what the client still sends (briefly) so closing does not reset the connection
  // before it has read the answer.
  beast::error_code ec;
  s.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  std::array<char, 4096> scratch;
  s.stream.expires_after(std::chrono::seconds(2));
  size_t drained = 0;
  while (!ec && drained < options.max_body_bytes + (1 << 20)) {
    drained += co_await s.stream.async_read_some(net::buffer(scratch), CHAMPION_EC(ec));
  }
}

namespace {
bool SessionsDrained(HttpServer::Impl* impl) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  return impl->sessions.empty() && impl->accept_loop_done;  // called by Await with mu held
}
}  // namespace

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Create(const HttpServerOptions& options,
                                                               HttpHandler handler) {
  auto impl = std::make_shared<Impl>();
  impl->options = options;
  impl->handler = std::move(handler);
  beast::error_code ec;
  const std::string host = options.host == "localhost" ? "127.0.0.1" : options.host;
  const auto address = net::ip::make_address(host, ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("bad listen address ", options.host));
  const tcp::endpoint endpoint(address, options.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.host, ":", options.port, ": ", ec.message()));
  }
  impl->port = impl->acceptor.local_endpoint().port();
  net::co_spawn(impl->acceptor.get_executor(), impl->AcceptLoop(), net::detached);
  for (int i = 0; i < std::max(1, options.threads); ++i) {
    impl->threads.emplace_back([raw = impl.get()] { raw->ioc.run(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::~HttpServer() { Shutdown(); }

uint16_t HttpServer::port() const { return impl_->port; }

void HttpServer::Shutdown() {
  if (impl_->shut_down) return;
  impl_->shut_down = true;
  std::vector<std::shared_ptr<Session>> sessions;
  {
    absl::MutexLock lock(&impl_->mu);
    impl_->stopping = true;
    for (const auto& [raw, s] : impl_->sessions) sessions.push_back(s);
  }
  absl::Notification acceptor_closed;
  net::post(impl_->acceptor.get_executor(), [impl = impl_.get(), &acceptor_closed] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
    acceptor_closed.Notify();
  });
  acceptor_closed.WaitForNotificationWithTimeout(impl_->options.shutdown_grace);
  for (const auto& s : sessions) s->Stop();
  sessions.clear();
  {
    absl::MutexLock lock(&impl_->mu);
    impl_->mu.AwaitWithTimeout(absl::Condition(&SessionsDrained, impl_.get()),
                               impl_->options.shutdown_grace);
  }
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
  absl::MutexLock lock(&impl_->gate->mu);
  impl_->gate->open = false;
}

}  // namespace champion::gateway
