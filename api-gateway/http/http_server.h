#pragma once

// The HTTP/1.1 server (Boost.Beast on Asio, C++20 coroutines). The only translation unit
// that sees Beast/Asio: everything else works on HttpRequest / Exchange values.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "http/exchange.h"
#include "http/http_message.h"

namespace champion::gateway {

struct HttpServerOptions {
  std::string host = "127.0.0.1";                    //!< IPv4/IPv6 literal or "localhost"
  uint16_t port = 8080;                              //!< 0 picks a free port (see HttpServer::port)
  int threads = 2;                                   //!< I/O threads, >= 1
  size_t max_body_bytes = 16 << 20;                  //!< larger bodies get 413
  absl::Duration idle_timeout = absl::Seconds(60);   //!< keep-alive idle / request read
  absl::Duration write_timeout = absl::Seconds(30);  //!< one write to a slow client
  absl::Duration shutdown_grace = absl::Seconds(10);  //!< in-flight requests at Shutdown
};

//! Called once per request, on an I/O thread; answers on the exchange (now or later).
//! Must not block and must not throw.
using HttpHandler = std::function<void(const HttpRequest&, const std::shared_ptr<Exchange>&)>;

class HttpServer {
 public:
  //! Binds, listens and starts the I/O threads. Unavailable when the address cannot be
  //! bound. Every response gets X-Request-Id (the request's when valid, else a new one)
  //! and one access log line (method, path, status, duration, request id; never headers).
  //! Oversized bodies get 413 and malformed requests 400, both problem+json.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Create(const HttpServerOptions& options,
                                                            HttpHandler handler);
  //! Shuts down (see Shutdown).
  ~HttpServer();

  //! The bound port (the chosen one when options.port was 0).
  uint16_t port() const;

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
