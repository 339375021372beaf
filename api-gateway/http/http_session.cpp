// One connection's life, plain or TLS: the handshake (TLS), then read a request (idle,
// header and body deadlines), hand it to the handler, deliver the exchange (a response,
// or an event stream with heartbeats); at the end, TLS says goodbye (close_notify).
#include "http/http_server_impl.h"
//
#include <array>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "http/compression.h"
#include "spdlog/spdlog.h"

namespace champion::gateway {
namespace {

constexpr size_t kFirstReadBytes = 4096;

// Read errors that end the connection without an answer (a TLS client that closes the
// TCP connection without close_notify has left too).
bool IsQuietEnd(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
         ec == beast::error::timeout || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::ssl::error::stream_truncated;
}

}  // namespace

template <class Stream>
net::awaitable<void> HttpServer::Impl::RunSession(std::shared_ptr<Session<Stream>> s) {
  beast::flat_buffer buffer;
  beast::error_code ignored;
  try {
    // A TLS handshake is part of the first request's head: header_timeout bounds it.
    s->reading = true;
    const beast::error_code handshake = co_await Handshake(s->stream, options.header_timeout);
    s->reading = false;
    if (handshake) {
      spdlog::debug("TLS handshake failed: {}", handshake.message());
    } else {
      while (!s->stopping && co_await ServeOne(*s, buffer)) {
      }
      // A disconnect watcher may still be reading the socket: stop it before the goodbye
      // reads there too.
      s->tcp().socket().cancel(ignored);
      co_await SayGoodbye(s->stream);
    }
  } catch (const std::exception& e) {
    spdlog::error("connection error: {}", e.what());
  }
  s->tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
  s->tcp().socket().close(ignored);
  s->timer.cancel();
  RemoveSession(s.get());
}

// Keep-alive idle: waits up to idle_timeout for the first byte of the next request
// (unless pipelined bytes are already buffered). False when the connection must close.
template <class Stream>
net::awaitable<bool> HttpServer::Impl::AwaitRequestStart(Session<Stream>& s,
                                                         beast::flat_buffer& buffer) {
  if (buffer.size() > 0) co_return true;
  beast::error_code ec;
  s.tcp().expires_after(ToChrono(options.idle_timeout));
  const size_t n =
      co_await s.stream.async_read_some(buffer.prepare(kFirstReadBytes), CHAMPION_EC(ec));
  buffer.commit(n);
  co_return !ec && n > 0;
}

// Reads one request into `parser`: its first byte within idle_timeout, its header within
// header_timeout, then (after any 100-continue) its body within idle_timeout. An error
// that needs no answer (the client left, a deadline passed, shutdown) is one of
// IsQuietEnd's; others are answered by ServeOne.
template <class Stream>
net::awaitable<beast::error_code> HttpServer::Impl::ReadRequest(Session<Stream>& s,
                                                                beast::flat_buffer& buffer,
                                                                RequestParser& parser) {
  beast::error_code ec;
  s.reading = true;
  const bool started = co_await AwaitRequestStart(s, buffer);
  if (!started) ec = net::error::eof;
  if (!ec && !s.stopping) {
    s.tcp().expires_after(ToChrono(options.header_timeout));
    co_await http::async_read_header(s.stream, buffer, parser, CHAMPION_EC(ec));
  }
  s.reading = false;
  if (s.stopping) co_return net::error::operation_aborted;
  if (!ec && beast::iequals(parser.get()[http::field::expect], "100-continue")) {
    http::response<http::empty_body> cont{http::status::continue_, parser.get().version()};
    co_await http::async_write(s.stream, cont, CHAMPION_EC(ec));
  }
  if (!ec && !s.stopping) {
    s.tcp().expires_after(ToChrono(options.idle_timeout));
    co_await http::async_read(s.stream, buffer, parser, CHAMPION_EC(ec));
  }
  co_return s.stopping ? net::error::operation_aborted : ec;
}

// Reads and answers one request; false when the connection must close.
template <class Stream>
net::awaitable<bool> HttpServer::Impl::ServeOne(Session<Stream>& s, beast::flat_buffer& buffer) {
  RequestParser parser;
  ConfigureRequestParser(parser, options.max_body_bytes);
  const beast::error_code ec = co_await ReadRequest(s, buffer, parser);
  const auto start = absl::Now();
  if (IsQuietEnd(ec)) co_return false;
  if (ec) {
    const std::string method(parser.get().method_string());
    Problem problem = ReadErrorProblem(ec, options.max_body_bytes, parser);
    co_await Reject(s, std::move(problem), method);
    co_return false;
  }
  const unsigned version = parser.get().version();
  const bool keep_alive = parser.get().keep_alive();
  HttpRequest request = ToRequest(parser.release());
  std::weak_ptr<Session<Stream>> weak = s.shared_from_this();
  auto exchange = std::make_shared<Exchange>([weak, gate = gate] {
    // Under the gate: a session released here (the last owner) dies while the io_context
    // still lives. After Shutdown the gate is closed and wake-ups are dropped.
    absl::MutexLock lock(&gate->mu);
    if (!gate->open) return;
    if (auto p = weak.lock()) p->Wake();
  });
  handler(request, exchange);
  s.exchange_done = false;
  const std::shared_ptr<Session<Stream>> self = s.shared_from_this();
  if (exchange->watch_disconnect()) {
    net::co_spawn(s.stream.get_executor(), WatchDisconnect(self, exchange), net::detached);
  }
  const Outcome outcome = co_await Deliver(self, *exchange, request, keep_alive && version >= 11);
  s.exchange_done = true;
  if (outcome.streamed) options.events->StreamClosed();
  options.events->RequestDone(exchange->route(), MetricMethod(request.method), outcome.status,
                              absl::Now() - start);
  const std::string identity = exchange->identity();
  spdlog::info("{} {} {} {}ms request_id={} trace_id={}{}{}", request.method, request.path,
               outcome.status, absl::ToInt64Milliseconds(absl::Now() - start), request.request_id,
               request.trace_id, identity.empty() ? "" : " identity=", identity);
  co_return outcome.ok && !outcome.streamed && keep_alive && !exchange->watch_disconnect();
}

namespace {

// Writes `buffers` (a chunk, the last chunk) within `timeout`.
template <class Stream, typename Buffers>
net::awaitable<beast::error_code> WriteBuffers(Session<Stream>& s, absl::Duration timeout,
                                               const Buffers& buffers) {
  beast::error_code ec;
  s.tcp().expires_after(ToChrono(timeout));
  co_await net::async_write(s.stream, buffers, CHAMPION_EC(ec));
  co_return ec;
}

// The head of a chunked event stream; the connection closes after the stream.
template <class Stream>
net::awaitable<beast::error_code> WriteStreamHead(Session<Stream>& s, absl::Duration timeout,
                                                  const HttpResponse& head,
                                                  const std::string& request_id) {
  http::response<http::empty_body> res{static_cast<http::status>(head.status), 11};
  for (const auto& h : head.headers) res.set(h.name, h.value);
  res.set("X-Request-Id", request_id);
  res.keep_alive(false);
  res.chunked(true);
  http::response_serializer<http::empty_body> serializer(res);
  beast::error_code ec;
  s.tcp().expires_after(ToChrono(timeout));
  co_await http::async_write_header(s.stream, serializer, CHAMPION_EC(ec));
  co_return ec;
}

}  // namespace

// Drains the exchange until it is answered, its stream ends, or the client is gone.
template <class Stream>
net::awaitable<Outcome> HttpServer::Impl::Deliver(std::shared_ptr<Session<Stream>> s, Exchange& ex,
                                                  const HttpRequest& req, bool keep_alive) {
  Outcome out;
  const absl::Duration timeout = options.write_timeout;
  beast::error_code ec;
  for (;;) {
    Exchange::Pending pending = ex.Take();
    if (pending.response.has_value()) {
      out.status = pending.response->status;
      CompressForClient(req.Header("Accept-Encoding"), *pending.response);
      ec = co_await Write(*s, *std::move(pending.response), req.method, req.request_id,
                          keep_alive && !s->stopping, 11);
      out.ok = !ec;
      co_return out;
    }
    if (pending.stream_head.has_value()) {
      out.streamed = true;
      options.events->StreamOpened();
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
        if (const std::string farewell = ex.farewell_chunk(); !farewell.empty()) {
          const auto body = http::make_chunk(net::buffer(farewell));
          ec = co_await WriteBuffers(*s, timeout, body);
        }
        if (!ec) co_await WriteBuffers(*s, timeout, last_chunk);
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
    s->tcp().expires_never();
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

template <class Stream>
net::awaitable<beast::error_code> HttpServer::Impl::Write(Session<Stream>& s, HttpResponse r,
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
  s.tcp().expires_after(ToChrono(options.write_timeout));
  if (method == "HEAD") {
    http::response_serializer<http::string_body> sr(res);
    co_await http::async_write_header(s.stream, sr, CHAMPION_EC(ec));
  } else {
    co_await http::async_write(s.stream, res, CHAMPION_EC(ec));
  }
  co_return ec;
}

template <class Stream>
net::awaitable<void> HttpServer::Impl::WatchDisconnect(std::shared_ptr<Session<Stream>> s,
                                                       std::shared_ptr<Exchange> ex) {
  // While an event stream is open nothing else reads: EOF or an error means the client is
  // gone. (Pipelined bytes are discarded: the connection closes after the stream.) The
  // socket itself is read, under TLS too: only its end matters, and no deadline of the
  // stream's writes may cut this read short.
  std::array<char, 512> scratch;
  beast::error_code ec;
  while (!ec) {
    co_await s->tcp().socket().async_read_some(net::buffer(scratch), CHAMPION_EC(ec));
  }
  if (!s->exchange_done) {
    ex->ClientGone();
    s->timer.cancel();
  }
}

template <class Stream>
net::awaitable<void> HttpServer::Impl::Reject(Session<Stream>& s, Problem problem,
                                              const std::string& method) {
  // No temporaries inside co_await expressions here and below: GCC 12 may destroy them
  // twice (seen as "free(): invalid pointer").
  HttpResponse response = ProblemResponse(problem);
  const std::string write_method = method == "HEAD" ? "GET" : method;
  co_await Write(s, std::move(response), write_method, problem.request_id, false, 11);
  options.events->RequestDone(kRouteUnparsed, MetricMethod(method), problem.status,
                              absl::ZeroDuration());
  spdlog::info("{} {} {} 0ms request_id={}", method, problem.instance, problem.status,
               problem.request_id);
  // Read what the client still sends (briefly) so closing does not reset the connection
  // before it has read the answer.
  beast::error_code ec;
  s.tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
  std::array<char, 4096> scratch;
  s.tcp().expires_after(std::chrono::seconds(2));
  size_t drained = 0;
  while (!ec && drained < options.max_body_bytes + (1 << 20)) {
    drained += co_await s.tcp().async_read_some(net::buffer(scratch), CHAMPION_EC(ec));
  }
}

// The two kinds of connection; the other members follow from RunSession.
template net::awaitable<void> HttpServer::Impl::RunSession<PlainStream>(
    std::shared_ptr<Session<PlainStream>> s);
template net::awaitable<void> HttpServer::Impl::RunSession<TlsStream>(
    std::shared_ptr<Session<TlsStream>> s);

}  // namespace champion::gateway
