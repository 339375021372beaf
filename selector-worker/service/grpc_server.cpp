#include "service/grpc_server.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "service/call_events_interceptor.h"
#include "service/reflection_service.h"
#include "spdlog/spdlog.h"

namespace champion::service {

namespace {

// Health only: nothing else is registered on it.
absl::StatusOr<std::unique_ptr<grpc::Server>> StartHealthServer(
    const std::string& listen, grpc::CallbackGenericService* unimplemented, int* port) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), port);
  // gRPC adds its default health service only while starting, after it checked that some
  // service needs a polled completion queue: without one registered here the build fails.
  // The generic service answers every other method UNIMPLEMENTED, as no service would.
  builder.RegisterCallbackGenericService(unimplemented);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || *port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", listen, " (health)"));
  }
  return server;
}

}  // namespace

absl::StatusOr<std::unique_ptr<GrpcServer>> GrpcServer::Start(const Options& options) {
  grpc::EnableDefaultHealthCheckService(true);
  std::unique_ptr<grpc::Server> health_server;
  // One per server: gRPC registers a generic service with one server only.
  auto unimplemented = std::make_unique<grpc::CallbackGenericService>();
  int health_port = 0;
  if (!options.health_listen.empty()) {
    auto started = StartHealthServer(options.health_listen, unimplemented.get(), &health_port);
    if (!started.ok()) return started.status();
    health_server = *std::move(started);
  }
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen,
                           options.credentials != nullptr
                               ? options.credentials
                               : grpc::experimental::LocalServerCredentials(LOCAL_TCP),
                           &port);
  for (grpc::Service* service : options.services) builder.RegisterService(service);
  std::unique_ptr<ReflectionService> reflection;
  if (options.reflection) {
    std::vector<std::string> listed = options.service_names;
    listed.emplace_back("grpc.health.v1.Health");  // grpc++'s default health service
    reflection = std::make_unique<ReflectionService>(&DescriptorIndex::Embedded(), listed);
    builder.RegisterService(reflection->v1());
    builder.RegisterService(reflection->v1alpha());
  }
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<CallEventsInterceptorFactory>(options.events));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    if (health_server != nullptr) health_server->Shutdown();
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }
  for (grpc::Server* s : {server.get(), health_server.get()}) {
    if (s == nullptr) continue;
    auto* health = s->GetHealthCheckService();
    for (const auto& name : options.service_names) health->SetServingStatus(name, true);
    health->SetServingStatus(true);
  }
  return std::unique_ptr<GrpcServer>(new GrpcServer(std::move(reflection), std::move(server), port,
                                                    std::move(unimplemented),
                                                    std::move(health_server), health_port));
}

void GrpcServer::SetHealth(bool serving) {
  server_->GetHealthCheckService()->SetServingStatus(serving);
  if (health_server_ != nullptr) health_server_->GetHealthCheckService()->SetServingStatus(serving);
}

void GrpcServer::SetServing(bool serving) {
  absl::MutexLock lock(&mu_);
  if (shut_down_ || serving == serving_) return;
  serving_ = serving;
  SetHealth(serving);
  if (serving) {
    spdlog::info("health: SERVING again (the database answers)");
  } else {
    spdlog::warn("health: NOT_SERVING (the database does not answer)");
  }
}

void GrpcServer::Shutdown(absl::Duration grace) {
  {
    absl::MutexLock lock(&mu_);
    shut_down_ = true;
  }
  SetHealth(false);
  const auto deadline = absl::ToChronoTime(absl::Now() + grace);
  server_->Shutdown(deadline);
  if (health_server_ != nullptr) health_server_->Shutdown(deadline);
}

void GrpcServer::Wait() {
  server_->Wait();
  if (health_server_ != nullptr) health_server_->Wait();
}

}  // namespace champion::service
