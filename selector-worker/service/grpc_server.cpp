#include "service/grpc_server.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "service/call_events_interceptor.h"
#include "spdlog/spdlog.h"

namespace champion::service {

namespace {

// Built before the reflection plugin is registered, so in a serving process it has health only.
absl::StatusOr<std::unique_ptr<grpc::Server>> StartHealthServer(const std::string& listen,
                                                                int* port) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), port);
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
  int health_port = 0;
  if (!options.health_listen.empty()) {
    auto started = StartHealthServer(options.health_listen, &health_port);
    if (!started.ok()) return started.status();
    health_server = *std::move(started);
  }
  if (options.reflection) grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen,
                           options.credentials != nullptr
                               ? options.credentials
                               : grpc::experimental::LocalServerCredentials(LOCAL_TCP),
                           &port);
  for (grpc::Service* service : options.services) builder.RegisterService(service);
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
  return std::unique_ptr<GrpcServer>(
      new GrpcServer(std::move(server), port, std::move(health_server), health_port));
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
