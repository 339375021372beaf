#include "http/http_server.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "http/http_server_impl.h"
#include "http/request_id.h"
#include "spdlog/spdlog.h"

namespace champion::gateway {
namespace {

using http_internal::Session;
using http_internal::ToChrono;

constexpr size_t kHeaderLimit = 32 * 1024;

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

bool SessionsDrained(HttpServer::Impl* impl) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  return impl->sessions.empty() && impl->accept_loop_done;  // called by Await with mu held
}

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
