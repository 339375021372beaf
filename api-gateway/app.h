#pragma once

// Wires the gateway: worker client, route table (from the linked champion.v1
// descriptors), static files, request handler and HTTP server.

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "flags.h"

namespace champion::gateway {

class GatewayApp {
 public:
  //! Builds everything and starts serving. Fails when the routes cannot be read from the
  //! descriptors or the listen address cannot be bound.
  static absl::StatusOr<std::unique_ptr<GatewayApp>> Create(const Options& options);
  ~GatewayApp();

  //! The bound HTTP port.
  uint16_t port() const;

  //! Graceful stop (see HttpServer::Shutdown); idempotent.
  void Shutdown();

  struct Parts;

 private:
  explicit GatewayApp(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

//! Blocks until SIGTERM or SIGINT (blocks both signals in the calling thread; call before
//! any other thread starts so that all threads inherit the mask).
void BlockTerminationSignals();
//! Waits for a signal blocked by BlockTerminationSignals; returns its number.
int WaitForTerminationSignal();

}  // namespace champion::gateway
