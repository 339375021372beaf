#pragma once

// The worker's gRPC server: the champion.v1 services plus health checking and (optionally)
// server reflection, on the callback API; optionally a second, plaintext server with only
// grpc.health.v1 for probes that speak no TLS (Kubernetes' gRPC probes).

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "service/reflection_service.h"
#include "service/service_events.h"

namespace champion::service {

class GrpcServer {
 public:
  struct Options {
    //! host:port; port 0 picks a free port (tests).
    std::string listen = "127.0.0.1:50051";
    //! Services to serve; not owned, must outlive the server.
    std::vector<grpc::Service*> services;
    //! Fully-qualified names of `services`: marked SERVING in the health service and listed
    //! by reflection.
    std::vector<std::string> service_names;
    //! Transport security (and the auth processor); null: gRPC local credentials
    //! (plaintext from loopback peers only, no auth).
    std::shared_ptr<grpc::ServerCredentials> credentials;
    //! Serve grpc.reflection v1 and v1alpha with the proto comments (requires the admin
    //! scope when auth is on); reflection_service.h.
    bool reflection = true;
    //! host:port of a plaintext server with only grpc.health.v1 (the same statuses); empty:
    //! none. Health answers need no credentials, so it exposes nothing else.
    std::string health_listen;
    //! Hears every call of the main server (method, code, duration); borrowed, never null.
    ServiceEvents* events = &NoServiceEvents();
  };

  //! Builds and starts the server. Unavailable when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<GrpcServer>> Start(const Options& options);

  //! The bound port.
  int port() const { return port_; }
  //! The health server's bound port; 0 without one.
  int health_port() const { return health_port_; }

  //! Marks every service SERVING or NOT_SERVING (e.g. while the database is unreachable);
  //! logs each change. Ignored after Shutdown. Thread-safe.
  void SetServing(bool serving);

  //! Marks every service NOT_SERVING, lets in-flight calls finish for `grace`, then
  //! cancels the rest. Thread-safe; idempotent.
  void Shutdown(absl::Duration grace);

  //! Blocks until the server has shut down.
  void Wait();

 private:
  GrpcServer(std::unique_ptr<ReflectionService> reflection, std::unique_ptr<grpc::Server> server,
             int port, std::unique_ptr<grpc::CallbackGenericService> unimplemented,
             std::unique_ptr<grpc::Server> health_server, int health_port)
      : reflection_(std::move(reflection)),
        server_(std::move(server)),
        port_(port),
        unimplemented_(std::move(unimplemented)),
        health_server_(std::move(health_server)),
        health_port_(health_port) {}

  // Sets every status on both servers' health services.
  void SetHealth(bool serving);

  std::unique_ptr<ReflectionService> reflection_;  // null without reflection; outlives server_
  std::unique_ptr<grpc::Server> server_;
  int port_;
  // The health server's answer to every other method; outlives health_server_.
  std::unique_ptr<grpc::CallbackGenericService> unimplemented_;
  std::unique_ptr<grpc::Server> health_server_;  // null without health_listen
  int health_port_;
  absl::Mutex mu_;
  bool serving_ ABSL_GUARDED_BY(mu_) = true;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace champion::service
