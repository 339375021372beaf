#pragma once

// Wires the gateway: worker client, route table (from the linked champion.v1
// descriptors), static files, request handler and HTTP server.

#include <cstdint>
#include <functional>
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

  //! Reads the HTTPS certificate and key again now (SIGHUP; see HttpServer::ReloadTls).
  //! FailedPrecondition when serving plain HTTP.
  absl::Status ReloadTls();

  //! Graceful stop (see HttpServer::Shutdown); idempotent.
  void Shutdown();

  //! Re-reads the credential files now (SIGHUP); logs the outcome.
  void ReloadCredentials();

  struct Parts;

 private:
  explicit GatewayApp(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

//! Descriptors kept for other uses than client connections (gRPC, logs, static files).
inline constexpr uint64_t kReservedDescriptors = 128;

//! Raises the soft open-file limit (RLIMIT_NOFILE) to max_connections +
//! kReservedDescriptors if the hard limit allows; logs a warning when the limit stays
//! below that (accept() then fails, and backs off, before the cap is reached). Returns
//! the soft limit in force. Process-wide: call once, from main.
uint64_t RaiseOpenFileLimit(size_t max_connections);

//! Blocks SIGTERM, SIGINT and SIGHUP in the calling thread, so that only
//! WaitForControlSignal sees them; call before any other thread starts so that all
//! threads inherit the mask.
void BlockControlSignals();
//! Waits for a signal blocked by BlockControlSignals; returns its number.
int WaitForControlSignal();

}  // namespace champion::gateway
