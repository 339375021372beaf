#pragma once

// The worker's gRPC server: the champion.v1 services plus health checking and (optionally)
// server reflection, on the callback API.

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"

namespace champion::service {

class GrpcServer {
 public:
  struct Options {
    //! host:port; port 0 picks a free port (tests).
    std::string listen = "127.0.0.1:50051";
    //! Services to serve; not owned, must outlive the server.
    std::vector<grpc::Service*> services;
    //! Fully-qualified names marked SERVING in the health service.
    std::vector<std::string> service_names;
    //! Transport security (and the auth processor); null: gRPC local credentials
    //! (plaintext from loopback peers only, no auth).
    std::shared_ptr<grpc::ServerCredentials> credentials;
    //! Serve grpc.reflection (requires the admin scope when auth is on). Process-wide: once
    //! a server enabled it, later servers in the process have it too.
    bool reflection = true;
  };

  //! Builds and starts the server. Unavailable when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<GrpcServer>> Start(const Options& options);

  //! The bound port.
  int port() const { return port_; }

  //! Marks every service SERVING or NOT_SERVING (e.g. while the database is unreachable);
  //! logs each change. Ignored after Shutdown. Thread-safe.
  void SetServing(bool serving);

  //! Marks every service NOT_SERVING, lets in-flight calls finish for `grace`, then
  //! cancels the rest. Thread-safe; idempotent.
  void Shutdown(absl::Duration grace);

  //! Blocks until the server has shut down.
  void Wait();

 private:
  GrpcServer(std::unique_ptr<grpc::Server> server, int port)
      : server_(std::move(server)), port_(port) {}

  std::unique_ptr<grpc::Server> server_;
  int port_;
  absl::Mutex mu_;
  bool serving_ ABSL_GUARDED_BY(mu_) = true;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace champion::service
