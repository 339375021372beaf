// Listening, accepting (with the connection cap and a back-off when descriptors run
// out), certificate reloads, start-up and graceful shutdown. One connection's requests:
// http_session.cpp.
#include "http/http_server_impl.h"
//
#include <array>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "http/accept_backoff.h"
#include "http/request_id.h"
#include "spdlog/spdlog.h"

namespace champion::gateway {
namespace {

// Seconds a refused client is asked to wait.
constexpr int kRefusedRetryAfterSeconds = 1;

bool SessionsDrained(HttpServer::Impl* impl) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  return impl->sessions.empty() && impl->accept_loop_done;  // called by Await with mu held
}

// The canned answer to a connection over the cap: 503, Retry-After, Connection: close.
std::string RefusalBytes(size_t max_connections) {
  Problem problem = MakeProblem(
      503, "UNAVAILABLE",
      absl::StrCat("the gateway has ", max_connections, " open connections; try again later"), "",
      NewRequestId());
  problem.retry_after_seconds = kRefusedRetryAfterSeconds;
  HttpResponse response = ProblemResponse(problem);
  http::response<http::string_body> res{http::status::service_unavailable, 11};
  for (const auto& h : response.headers) res.set(h.name, h.value);
  res.set("X-Request-Id", problem.request_id);
  res.keep_alive(false);
  res.body() = std::move(response.body);
  res.prepare_payload();
  std::ostringstream out;
  out << res;
  return out.str();
}

}  // namespace

HttpServer::Impl::Admission HttpServer::Impl::AddSession(const std::shared_ptr<SessionBase>& s) {
  absl::MutexLock lock(&mu);
  if (stopping) return Admission::kStopping;
  if (sessions.size() >= options.max_connections) return Admission::kFull;
  sessions[s.get()] = s;
  options.events->ConnectionOpened();
  return Admission::kAdmitted;
}

void HttpServer::Impl::RemoveSession(SessionBase* s) {
  absl::MutexLock lock(&mu);
  if (sessions.erase(s) > 0) options.events->ConnectionClosed();
}

net::awaitable<void> HttpServer::Impl::AcceptLoop() {
  co_await AcceptConnections();
  // Shutdown waits for this too: an accepted socket must not outlive the drain unanswered.
  absl::MutexLock lock(&mu);
  accept_loop_done = true;
}

net::awaitable<void> HttpServer::Impl::AcceptConnections() {
  AcceptBackoff backoff;
  for (;;) {
    beast::error_code ec;
    net::any_io_executor strand = net::make_strand(ioc);
    tcp::socket socket = co_await acceptor.async_accept(strand, CHAMPION_EC(ec));
    if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      const bool exhausted = IsResourceExhaustion(ec.value());
      const absl::Duration pause = exhausted ? backoff.NextPause() : absl::ZeroDuration();
      if (int64_t suppressed = 0; accept_errors.Allow(absl::Now(), &suppressed)) {
        spdlog::warn("accept failed: {}{}{}", ec.message(),
                     exhausted ? absl::StrCat("; pausing ", absl::FormatDuration(pause)) : "",
                     suppressed > 0 ? absl::StrCat(" (", suppressed, " more not logged)") : "");
      }
      if (!exhausted) continue;  // that connection is gone; the next one may be fine
      // The queued connection stays readable: wait instead of failing again at once.
      accept_pause.expires_after(ToChrono(pause));
      co_await accept_pause.async_wait(CHAMPION_EC(ec));
      if (!acceptor.is_open()) co_return;
      continue;
    }
    backoff.Reset();
    const Admission admission = tls ? Admit(MakeTlsStream(std::move(socket), tls->Current()))
                                    : Admit(PlainStream(std::move(socket)));
    if (admission == Admission::kStopping) co_return;
  }
}

// Serves the connection, or refuses it when the cap is reached.
template <class Stream>
HttpServer::Impl::Admission HttpServer::Impl::Admit(Stream stream) {
  auto session = std::make_shared<Session<Stream>>(std::move(stream));
  const Admission admission = AddSession(session);
  if (admission == Admission::kAdmitted) {
    net::co_spawn(session->stream.get_executor(), RunSession(session), net::detached);
  }
  if (admission != Admission::kFull) return admission;
  if (int64_t suppressed = 0; refusals.Allow(absl::Now(), &suppressed)) {
    spdlog::warn("connection refused: {} connections are open{}", options.max_connections,
                 suppressed > 0 ? absl::StrCat(" (", suppressed, " more not logged)") : "");
  }
  ConcurrencyLimit::Slot slot = refusing.TryAcquire();
  if (slot == nullptr) return admission;  // a flood: close unanswered (the session closes it)
  // The executor first: the coroutine call moves the stream away.
  const net::any_io_executor executor = session->stream.get_executor();
  net::co_spawn(executor, Refuse(std::move(session->stream), std::move(slot)), net::detached);
  return admission;
}

// Every tls_check_interval, reloads the certificate and key if either file changed.
net::awaitable<void> HttpServer::Impl::WatchTlsFiles() {
  for (;;) {
    beast::error_code ec;
    tls_check.expires_after(ToChrono(options.tls_check_interval));
    co_await tls_check.async_wait(CHAMPION_EC(ec));
    if (!acceptor.is_open()) co_return;  // shutting down (the wait was cancelled)
    (void)tls->ReloadIfChanged();        // logs the outcome itself
  }
}

// GCC 12 at -O2 reports -Wmismatched-new-delete on this coroutine's frame: Asio allocates
// and frees awaitable frames with its own matching operator new/delete (recycling
// allocator), which the inliner sees through only halfway. A false positive; silenced here
// alone.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
// Answers a connection over the cap with a canned 503 (after the TLS handshake, on an
// HTTPS port) and closes it, reading (briefly) what the client sends so that closing does
// not reset the connection before it has the answer.
template <class Stream>
net::awaitable<void> HttpServer::Impl::Refuse(Stream stream, ConcurrencyLimit::Slot slot) {
  const std::string answer = RefusalBytes(options.max_connections);
  beast::error_code ec = co_await Handshake(stream, options.header_timeout);
  beast::tcp_stream& lowest = beast::get_lowest_layer(stream);
  if (ec) {  // no TLS, no answer
    lowest.socket().close(ec);
    co_return;
  }
  lowest.expires_after(std::chrono::seconds(1));
  co_await net::async_write(stream, net::buffer(answer), CHAMPION_EC(ec));
  lowest.socket().shutdown(tcp::socket::shutdown_send, ec);
  std::array<char, 4096> scratch;
  size_t drained = 0;
  while (!ec && drained < 64 * 1024) {
    drained += co_await lowest.async_read_some(net::buffer(scratch), CHAMPION_EC(ec));
  }
  lowest.socket().close(ec);
  slot.reset();
}
#pragma GCC diagnostic pop

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Create(const HttpServerOptions& options,
                                                               HttpHandler handler) {
  auto impl = std::make_shared<Impl>();
  impl->options = options;
  impl->handler = std::move(handler);
  if (options.tls.has_value()) {
    auto tls = TlsServerContext::Create(*options.tls);
    if (!tls.ok()) return tls.status();
    impl->tls = *std::move(tls);
  }
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
  if (impl->tls) {
    net::co_spawn(impl->acceptor.get_executor(), impl->WatchTlsFiles(), net::detached);
  }
  for (int i = 0; i < std::max(1, options.threads); ++i) {
    impl->threads.emplace_back([raw = impl.get()] { raw->ioc.run(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::~HttpServer() { Shutdown(); }

uint16_t HttpServer::port() const { return impl_->port; }

absl::Status HttpServer::ReloadTls() {
  if (!impl_->tls) return absl::FailedPreconditionError("the server does not use TLS");
  return impl_->tls->Reload();
}

size_t HttpServer::connection_count() const {
  absl::MutexLock lock(&impl_->mu);
  return impl_->sessions.size();
}

void HttpServer::Shutdown() {
  if (impl_->shut_down) return;
  impl_->shut_down = true;
  std::vector<std::shared_ptr<SessionBase>> sessions;
  {
    absl::MutexLock lock(&impl_->mu);
    impl_->stopping = true;
    for (const auto& [raw, s] : impl_->sessions) sessions.push_back(s);
  }
  absl::Notification acceptor_closed;
  net::post(impl_->acceptor.get_executor(), [impl = impl_.get(), &acceptor_closed] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
    impl->accept_pause.cancel();
    impl->tls_check.cancel();
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
