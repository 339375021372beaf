#include "app.h"

#include <sys/resource.h>

#include <algorithm>
#include <csignal>

#include "common/auth/authenticator.h"
#include "common/auth/method_scopes.h"
#include "common/logging.h"
#include "common/periodic_task.h"
#include "gateway_metrics.h"
#include "grpc/grpc.h"
#include "http/browser_policy.h"
#include "http/http_server.h"
#include "http/request_auth.h"
#include "http/request_handler.h"
#include "http/static_files.h"
#include "openapi/openapi.h"
#include "spdlog/spdlog.h"
#include "transcode/route_table.h"
#include "transcode/served_contract.h"
#include "upstream/worker_client.h"

namespace champion::gateway {
namespace {

// Edited or rotated credential files are picked up within this.
constexpr absl::Duration kCredentialsCheckInterval = absl::Seconds(2);

}  // namespace

struct GatewayApp::Parts {
  std::unique_ptr<GatewayMetrics> metrics;  // first: outlives everything that reports
  std::unique_ptr<WorkerClient> worker;
  std::unique_ptr<RouteTable> routes;
  std::unique_ptr<StaticFiles> static_files;
  std::unique_ptr<auth::Authenticator> authenticator;
  std::unique_ptr<RequestAuth> request_auth;
  std::unique_ptr<BrowserPolicy> browser_policy;
  std::unique_ptr<RequestHandler> handler;
  std::unique_ptr<PeriodicTask> credentials_watch;
  std::unique_ptr<HttpServer> server;  // last: stops first
};

namespace {

absl::Status CreateSecurity(const Options& options, GatewayApp::Parts* parts) {
  auto authenticator = auth::Authenticator::Create(options.auth);
  if (!authenticator.ok()) return authenticator.status();
  parts->authenticator = *std::move(authenticator);
  auto scopes = auth::MethodScopes::FromDescriptors(
      *google::protobuf::DescriptorPool::generated_pool(), ServedServices());
  if (!scopes.ok()) return scopes.status();
  parts->request_auth =
      std::make_unique<RequestAuth>(parts->authenticator.get(), *std::move(scopes));
  auto policy = BrowserPolicy::Create(options.browser);
  if (!policy.ok()) return policy.status();
  parts->browser_policy = std::make_unique<BrowserPolicy>(*std::move(policy));
  if (parts->authenticator->enabled()) {
    auth::Authenticator* watched = parts->authenticator.get();
    parts->credentials_watch = std::make_unique<PeriodicTask>(kCredentialsCheckInterval, [watched] {
      if (auto reloaded = watched->ReloadIfChanged()) LogCredentialsReload("changed", *reloaded);
    });
    parts->credentials_watch->Start(false);
  } else {
    spdlog::warn("authentication is off (no --tokens_file or --jwt_keys_file): loopback only");
  }
  return absl::OkStatus();
}

}  // namespace

GatewayApp::GatewayApp(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

GatewayApp::~GatewayApp() { Shutdown(); }

absl::StatusOr<std::unique_ptr<GatewayApp>> GatewayApp::Create(const Options& options) {
  EnsureContractLinked();
  // gRPC stays initialised for the whole process: with 1.51's callback API, a global
  // shutdown racing the last callbacks at exit crashes in the completion queue.
  static const bool grpc_initialised = [] {
    grpc_init();
    return true;
  }();
  (void)grpc_initialised;
  auto parts = std::make_unique<Parts>();
  parts->metrics = std::make_unique<GatewayMetrics>();
  WorkerClientOptions worker_options{.target = options.worker_target};
  if (!options.worker_tls_ca.empty()) {
    worker_options.tls = WorkerTlsOptions{.ca_path = options.worker_tls_ca,
                                          .cert_path = options.worker_tls_cert,
                                          .key_path = options.worker_tls_key,
                                          .server_name = options.worker_tls_server_name};
  }
  auto worker = WorkerClient::Create(worker_options);
  if (!worker.ok()) return worker.status();
  parts->worker = *std::move(worker);
  auto routes = CreateServedRouteTable();
  if (!routes.ok()) return routes.status();
  parts->routes = *std::move(routes);
  for (const auto& route : parts->routes->routes()) {
    spdlog::debug("route {} {} -> {}", route.http_method, route.path.text(), route.rpc_path);
  }
  if (auto status = CreateSecurity(options, parts.get()); !status.ok()) return status;
  parts->static_files = std::make_unique<StaticFiles>(options.static_dir);
  if (!parts->static_files->enabled()) {
    spdlog::warn("static dir {} not found: serving the API only", options.static_dir);
  }
  ApiHandlerOptions api_options;
  api_options.request_timeout = options.request_timeout;
  api_options.raw_body_chunk_bytes = options.raw_body_chunk_bytes;
  api_options.heartbeat_override = options.sse_heartbeat;
  api_options.max_event_streams = options.max_event_streams;
  api_options.events = parts->metrics.get();
  parts->handler = std::make_unique<RequestHandler>(
      parts->routes.get(), parts->worker.get(),
      parts->static_files->enabled() ? parts->static_files.get() : nullptr,
      parts->browser_policy.get(), parts->request_auth.get(), api_options,
      options.readiness_timeout, [metrics = parts->metrics.get()] { return metrics->Text(); },
      OpenApiDocument(*parts->routes).dump(2) + "\n");
  HttpServerOptions server_options;
  server_options.host = options.http_host;
  server_options.port = options.http_port;
  server_options.threads = options.threads;
  server_options.max_body_bytes = options.max_body_bytes;
  server_options.shutdown_grace = options.shutdown_grace;
  server_options.max_connections = options.max_connections;
  server_options.idle_timeout = options.idle_timeout;
  server_options.header_timeout = options.header_timeout;
  server_options.events = parts->metrics.get();
  if (!options.tls_cert.empty()) {
    server_options.tls = TlsCertificateFiles{options.tls_cert, options.tls_key};
  }
  auto server = HttpServer::Create(
      server_options, [handler = parts->handler.get()](const HttpRequest& request,
                                                       const std::shared_ptr<Exchange>& exchange) {
        handler->Handle(request, exchange);
      });
  if (!server.ok()) return server.status();
  parts->server = *std::move(server);
  spdlog::info("api-gateway listening on {}:{} ({}), worker {} ({})", options.http_host,
               parts->server->port(), server_options.tls ? "HTTPS" : "plain HTTP",
               options.worker_target, worker_options.tls ? "TLS" : "plaintext");
  return std::unique_ptr<GatewayApp>(new GatewayApp(std::move(parts)));
}

uint16_t GatewayApp::port() const { return parts_->server->port(); }

absl::Status GatewayApp::ReloadTls() { return parts_->server->ReloadTls(); }

void GatewayApp::Shutdown() {
  parts_->metrics->SetDraining(true);
  if (parts_->server) parts_->server->Shutdown();
  if (parts_->credentials_watch) parts_->credentials_watch->Stop();
}

void GatewayApp::ReloadCredentials() {
  if (parts_->authenticator->enabled())
    LogCredentialsReload("SIGHUP", parts_->authenticator->Reload());
}

uint64_t RaiseOpenFileLimit(size_t max_connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  const rlim_t wanted = static_cast<rlim_t>(max_connections + kReservedDescriptors);
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    spdlog::warn(
        "open file limit {} is below --max_connections {} + {}: accept() will fail "
        "before the cap is reached (raise the hard limit, e.g. ulimit -Hn)",
        limit.rlim_cur, max_connections, kReservedDescriptors);
  }
  return limit.rlim_cur;
}

namespace {

sigset_t ControlSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

void BlockControlSignals() {
  const sigset_t set = ControlSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForControlSignal() {
  const sigset_t set = ControlSignals();
  int signal = 0;
  sigwait(&set, &signal);
  return signal;
}

}  // namespace champion::gateway
