#include "app.h"

#include <sys/resource.h>

#include <algorithm>
#include <csignal>

#include "champion/v1/catalog.pb.h"
#include "champion/v1/options.pb.h"
#include "champion/v1/selection.pb.h"
#include "grpc/grpc.h"
#include "http/http_server.h"
#include "http/request_handler.h"
#include "http/static_files.h"
#include "spdlog/spdlog.h"
#include "transcode/route_table.h"
#include "upstream/worker_client.h"

namespace champion::gateway {
namespace {

// The services exposed over REST. Their routes come from the descriptors.
const std::vector<std::string> kServices = {"champion.v1.ModelSelectionService",
                                            "champion.v1.CatalogService"};

// Referencing the generated descriptors pulls their objects out of the static library,
// which registers the files in the generated pool.
void EnsureContractLinked() {
  (void)champion::v1::RunSelectionRequest::descriptor();
  (void)champion::v1::ImportSalesRequest::descriptor();
  (void)champion::v1::HttpExtras::descriptor();
}

}  // namespace

struct GatewayApp::Parts {
  std::unique_ptr<WorkerClient> worker;
  std::unique_ptr<RouteTable> routes;
  std::unique_ptr<StaticFiles> static_files;
  std::unique_ptr<RequestHandler> handler;
  std::unique_ptr<HttpServer> server;  // last: stops first
};

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
  auto worker = WorkerClient::Create({.target = options.worker_target});
  if (!worker.ok()) return worker.status();
  parts->worker = *std::move(worker);
  auto routes = RouteTable::Create(*google::protobuf::DescriptorPool::generated_pool(), kServices);
  if (!routes.ok()) return routes.status();
  parts->routes = *std::move(routes);
  for (const auto& route : parts->routes->routes()) {
    spdlog::debug("route {} {} -> {}", route.http_method, route.path.text(), route.rpc_path);
  }
  parts->static_files = std::make_unique<StaticFiles>(options.static_dir);
  if (!parts->static_files->enabled()) {
    spdlog::warn("static dir {} not found: serving the API only", options.static_dir);
  }
  ApiHandlerOptions api_options;
  api_options.request_timeout = options.request_timeout;
  api_options.raw_body_chunk_bytes = options.raw_body_chunk_bytes;
  api_options.heartbeat_override = options.sse_heartbeat;
  api_options.max_event_streams = options.max_event_streams;
  parts->handler = std::make_unique<RequestHandler>(
      parts->routes.get(), parts->worker.get(),
      parts->static_files->enabled() ? parts->static_files.get() : nullptr, api_options,
      options.readiness_timeout);
  HttpServerOptions server_options;
  server_options.host = options.http_host;
  server_options.port = options.http_port;
  server_options.threads = options.threads;
  server_options.max_body_bytes = options.max_body_bytes;
  server_options.shutdown_grace = options.shutdown_grace;
  server_options.max_connections = options.max_connections;
  server_options.idle_timeout = options.idle_timeout;
  server_options.header_timeout = options.header_timeout;
  auto server = HttpServer::Create(
      server_options, [handler = parts->handler.get()](const HttpRequest& request,
                                                       const std::shared_ptr<Exchange>& exchange) {
        handler->Handle(request, exchange);
      });
  if (!server.ok()) return server.status();
  parts->server = *std::move(server);
  spdlog::info("api-gateway listening on {}:{}, worker {}", options.http_host,
               parts->server->port(), options.worker_target);
  return std::unique_ptr<GatewayApp>(new GatewayApp(std::move(parts)));
}

uint16_t GatewayApp::port() const { return parts_->server->port(); }

void GatewayApp::Shutdown() {
  if (parts_->server) parts_->server->Shutdown();
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

void BlockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int signal = 0;
  sigwait(&set, &signal);
  return signal;
}

}  // namespace champion::gateway
