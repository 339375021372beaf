#pragma once

// The HTTP/1.1 server (Boost.Beast on Asio, C++20 coroutines), plain or HTTPS. Only its
// translation units see Beast/Asio: everything else works on HttpRequest / Exchange values.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "http/exchange.h"
#include "http/http_events.h"
#include "http/http_message.h"
#include "http/tls_server_context.h"

namespace champion::gateway {

struct HttpServerOptions {
  std::string host = "127.0.0.1";    //!< IPv4/IPv6 literal or "localhost"
  uint16_t port = 8080;              //!< 0 picks a free port (see HttpServer::port)
  int threads = 2;                   //!< I/O threads, >= 1
  size_t max_body_bytes = 16 << 20;  //!< larger bodies get 413
  //! Open connections served at once; further ones get a canned 503 (Retry-After: 1) and
  //! are closed (beyond 64 being refused at once, closed unanswered).
  size_t max_connections = 1024;
  //! Keep-alive idle: a connection closes when no request starts within this; also the
  //! deadline of a request body once its headers are in.
  absl::Duration idle_timeout = absl::Seconds(60);
  //! A started request's line and headers must be complete within this (slow headers).
  absl::Duration header_timeout = absl::Seconds(10);
  absl::Duration write_timeout = absl::Seconds(30);   //!< one write to a slow client
  absl::Duration shutdown_grace = absl::Seconds(10);  //!< in-flight requests at Shutdown
  //! Set: serve HTTPS only (TLS 1.2+), the handshake bounded by header_timeout; the files
  //! are checked for changes every tls_check_interval (see TlsServerContext).
  std::optional<TlsCertificateFiles> tls;
  absl::Duration tls_check_interval = absl::Seconds(5);
  //! Hears of connections, event streams and answered requests; borrowed, never null.
  HttpEvents* events = &NoHttpEvents();
};

//! Called once per request, on an I/O thread; answers on the exchange (now or later).
//! Must not block and must not throw.
using HttpHandler = std::function<void(const HttpRequest&, const std::shared_ptr<Exchange>&)>;

class HttpServer {
 public:
  //! Binds, listens and starts the I/O threads. Unavailable when the address cannot be
  //! bound. Every response gets X-Request-Id (the request's when valid, else a new one)
  //! and one access log line (method, path, status, duration, request id; never headers).
  //! Oversized bodies get 413, oversized headers 431 and malformed requests 400, all
  //! problem+json. With TLS, InvalidArgument when the certificate or key does not load; a
  //! plain-HTTP client gets no answer (the handshake fails). accept() failing for want of
  //! descriptors (EMFILE, ENFILE) pauses the accept loop (50 ms, doubling to 1 s) instead of
  //! retrying at once; repeated accept errors and refusals are logged at most once per 10 s, with a
  //! count of the rest.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Create(const HttpServerOptions& options,
                                                            HttpHandler handler);
  //! Shuts down (see Shutdown).
  ~HttpServer();

  //! The bound port (the chosen one when options.port was 0).
  uint16_t port() const;
  //! Connections being served now (refused ones not counted). Thread-safe.
  size_t connection_count() const;

  //! Loads the TLS certificate and key again now (SIGHUP): new connections use them, open
  //! ones keep theirs; on error the current pair stays. FailedPrecondition without TLS.
  //! Thread-safe.
  absl::Status ReloadTls();

  //! Graceful stop: no new connections; idle keep-alive connections close; open event
  //! streams end (their gRPC streams are cancelled); in-flight requests get up to
  //! shutdown_grace to finish. Then the I/O threads stop. Idempotent, blocking.
  void Shutdown();

  struct Impl;

 private:
  explicit HttpServer(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

}  // namespace champion::gateway
