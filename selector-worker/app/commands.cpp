#include "app/commands.h"

#include <unistd.h>

#include <csignal>
#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "app/database_health.h"
#include "app/worker_metrics.h"
#include "common/auth/authenticator.h"
#include "common/auth/method_scopes.h"
#include "common/logging.h"
#include "common/periodic_task.h"
#include "runs/pg_run_manager.h"
#include "seed/demo_data.h"
#include "service/auth_processor.h"
#include "service/catalog_service.h"
#include "service/grpc_server.h"
#include "service/handler_pool.h"
#include "service/selection_service.h"
#include "service/server_credentials.h"
#include "spdlog/spdlog.h"
#include "store/conninfo.h"
#include "store/demo_data_writer.h"
#include "store/migrator.h"
#include "store/pg_catalog_repository.h"
#include "store/pg_run_repository.h"
#include "store/pg_sales_repository.h"
#include "store/queue_stats.h"
#include "store/run_retention.h"
#include "store/session_pool.h"

namespace champion::app {
namespace {

constexpr absl::Duration kDatabaseProbeInterval = absl::Seconds(1);
// Failed probes in a row that make the worker NOT_SERVING (one slow answer must not).
constexpr int kProbeFailuresToFail = 3;
constexpr absl::Duration kCredentialsCheckInterval = absl::Seconds(2);
// How often the metrics read the shared queue from the database (two grouped counts).
constexpr absl::Duration kQueueSampleInterval = absl::Seconds(5);

int Fail(const char* what, const absl::Status& status) {
  spdlog::error("{}: {}", what, status.ToString());
  return 1;
}

// The conninfo every connection of this process opens with: --database_url plus the password
// of --database_password_file. A secret: never log it.
absl::StatusOr<std::string> DatabaseConninfo(const WorkerOptions& options) {
  return store::ConninfoWithPassword(options.database_url, options.database_password);
}

absl::Status MigrateUp(const std::string& conninfo, const WorkerOptions& options) {
  auto migrator = store::Migrator::Create({conninfo, options.migrations_dir});
  if (!migrator.ok()) return migrator.status();
  auto applied = (*migrator)->Up();
  if (!applied.ok()) return applied.status();
  spdlog::info("migrations applied: [{}]", absl::StrJoin(*applied, ", "));
  return absl::OkStatus();
}

// Waits for SIGTERM or SIGINT and returns it; on each SIGHUP calls `on_reload`.
int WaitForShutdownSignal(const std::function<void()>& on_reload) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  while (true) {
    int signal = 0;
    sigwait(&signals, &signal);
    if (signal != SIGHUP) return signal;
    on_reload();
  }
}

// The credentials of the gRPC port: TLS or local, with the auth processor when auth is on.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const WorkerOptions& options, const auth::Authenticator& authenticator,
    const std::vector<std::string>& services) {
  auto credentials = service::MakeServerCredentials(options.tls);
  if (!credentials.ok() || !authenticator.enabled()) return credentials;
  auto scopes = auth::MethodScopes::FromDescriptors(
      *google::protobuf::DescriptorPool::generated_pool(), services);
  if (!scopes.ok()) return scopes.status();
  (*credentials)
      ->SetAuthMetadataProcessor(
          std::make_shared<service::AuthProcessor>(&authenticator, *std::move(scopes)));
  return credentials;
}

}  // namespace

std::string WorkerId() {
  char host[256] = {0};
  if (gethostname(host, sizeof(host) - 1) != 0) return absl::StrCat("worker-", getpid());
  return absl::StrCat(host, ":", getpid());
}

int RunServe(const WorkerOptions& options) {
  const absl::StatusOr<std::string> conninfo = DatabaseConninfo(options);
  if (!conninfo.ok()) return Fail("database", conninfo.status());
  if (options.migrate) {
    if (auto status = MigrateUp(*conninfo, options); !status.ok()) return Fail("migrate", status);
  }
  auto authenticator = auth::Authenticator::Create(options.auth);
  if (!authenticator.ok()) return Fail("auth", authenticator.status());
  const std::vector<std::string> services = {"champion.v1.CatalogService",
                                             "champion.v1.ModelSelectionService"};
  auto credentials = ServerCredentials(options, **authenticator, services);
  if (!credentials.ok()) return Fail("grpc credentials", credentials.status());
  // Every backtest thread and handler thread may hold a session at once, plus the reaper and
  // the heartbeat.
  const int pool_size =
      std::max(options.db_pool_size, options.global_max_parallel + options.handler_threads + 2);
  auto pool = store::SessionPool::Create({.conninfo = *conninfo,
                                          .size = pool_size,
                                          .statement_timeout = options.db_statement_timeout,
                                          .checkout_timeout = options.db_checkout_timeout});
  if (!pool.ok()) return Fail("database", pool.status());
  store::PgCatalogRepository catalog(**pool);
  store::PgSalesRepository sales(**pool);
  store::PgRunRepository run_repository(**pool);
  WorkerMetrics metrics(pool->get());
  std::unique_ptr<prometheus::Exposer> metrics_server;
  if (!options.metrics_listen.empty()) {
    auto served = ServeMetrics(options.metrics_listen, metrics.collectable());
    if (!served.ok()) return Fail("metrics", served.status());
    metrics_server = *std::move(served);
  }
  auto runs = runs::PgRunManager::Create({.runs = &run_repository,
                                          .sales = &sales,
                                          .catalog = &catalog,
                                          .listen_conninfo = *conninfo,
                                          .worker_id = WorkerId(),
                                          .global_max_parallel = options.global_max_parallel,
                                          .lease_duration = options.lease_duration,
                                          .cancel_drain_timeout = options.cancel_drain_timeout,
                                          .max_attempts = options.max_attempts,
                                          .events = &metrics});
  if (!runs.ok()) return Fail("runs", runs.status());
  (*runs)->Start();
  const auto queued = static_cast<std::size_t>(options.max_queued_calls);
  service::HandlerPool handlers(
      {.name = "handler", .threads = options.handler_threads, .max_queued = queued});
  service::HandlerPool long_handlers(
      {.name = "RunSync", .threads = options.handler_threads, .max_queued = queued});
  service::HandlerPool cancel_handlers(
      {.name = "CancelRun", .threads = options.handler_threads, .max_queued = queued});
  service::CatalogService catalog_service(
      catalog, sales, handlers, {.max_import_bytes = options.max_import_bytes, .events = &metrics});
  service::SelectionService selection_service(sales, **runs, handlers, long_handlers,
                                              cancel_handlers, options.max_watch_streams);
  auto server = service::GrpcServer::Start({.listen = options.grpc_listen,
                                            .services = {&catalog_service, &selection_service},
                                            .service_names = services,
                                            .credentials = *credentials,
                                            .reflection = options.reflection,
                                            .health_listen = options.health_listen,
                                            .events = &metrics});
  if (!server.ok()) {
    (*runs)->Stop();
    return Fail("grpc", server.status());
  }
  spdlog::info(
      "selector-worker serving on {} (port {}), {} backtest threads, {}, auth {}",
      options.grpc_listen, (*server)->port(), options.global_max_parallel,
      options.tls.cert_file.empty()     ? "plaintext (loopback only)"
      : options.tls.require_client_cert ? "TLS with client certificates"
                                        : "TLS",
      (*authenticator)->enabled()
          ? absl::StrCat("on (", (*authenticator)->token_count(), " API tokens, JWTs ",
                         (*authenticator)->jwt_enabled() ? "accepted" : "not accepted", ")")
          : std::string("off"));
  if ((*server)->health_port() != 0) {
    spdlog::info("health checks (plaintext, grpc.health.v1 only) on {} (port {})",
                 options.health_listen, (*server)->health_port());
  }
  // Edited or rotated credential files take effect without a restart.
  PeriodicTask credentials_watch(kCredentialsCheckInterval, [&] {
    if (auto reloaded = (*authenticator)->ReloadIfChanged())
      LogCredentialsReload("changed", *reloaded);
  });
  if ((*authenticator)->enabled()) credentials_watch.Start(false);
  // Health follows the database: NOT_SERVING once it has not answered kProbeFailuresToFail
  // probes in a row (load balancers and the gateway's /readyz stop sending work here), SERVING
  // again as soon as it does.
  DatabaseHealth health(kProbeFailuresToFail);
  PeriodicTask database_probe(kDatabaseProbeInterval, [&] {
    const absl::Status ping = (*pool)->Ping(kDatabaseProbeInterval);
    const bool was_serving = health.serving();
    const bool serving = health.Observe(ping.ok());
    if (was_serving && !serving) {
      spdlog::warn("{} database probes in a row failed; the last: {}", kProbeFailuresToFail,
                   std::string(ping.message()));
    }
    (*server)->SetServing(serving);
  });
  database_probe.Start(false);
  store::PgQueueStats queue_stats(**pool);
  PeriodicTask queue_sampler(kQueueSampleInterval,
                             [&] { metrics.SampleQueue(queue_stats.Read()); });
  if (metrics_server != nullptr) {
    queue_sampler.Start();
    spdlog::info("metrics (plaintext HTTP, GET /metrics only) on {} (port {})",
                 options.metrics_listen, metrics_server->GetListeningPorts().at(0));
  }
  const int signal =
      WaitForShutdownSignal([&] { LogCredentialsReload("SIGHUP", (*authenticator)->Reload()); });
  spdlog::info("signal {}: draining (up to {})", signal,
               absl::FormatDuration(options.shutdown_grace));
  credentials_watch.Stop();
  database_probe.Stop();
  metrics.SetDraining(true);
  // NOT_SERVING first, so balancers stop sending calls while the calls in flight and the
  // candidates in flight finish; what is still running after the grace goes back to the
  // queue at once, for another worker (or this one, restarted).
  (*server)->SetServing(false);
  (*runs)->Drain(options.shutdown_grace);
  (*server)->Shutdown(absl::Seconds(5));
  (*server)->Wait();
  queue_sampler.Stop();
  spdlog::info("selector-worker stopped");
  return 0;
}

int RunMigrate(const WorkerOptions& options, const MigrateCommandOptions& migrate) {
  const absl::StatusOr<std::string> conninfo = DatabaseConninfo(options);
  if (!conninfo.ok()) return Fail("migrate", conninfo.status());
  auto migrator = store::Migrator::Create({*conninfo, options.migrations_dir});
  if (!migrator.ok()) return Fail("migrate", migrator.status());
  std::optional<int> target;
  if (migrate.to >= 0) target = migrate.to;
  if (migrate.action == "up") {
    auto applied = (*migrator)->Up(target);
    if (!applied.ok()) return Fail("migrate up", applied.status());
    spdlog::info("migrations applied: [{}]", absl::StrJoin(*applied, ", "));
    return 0;
  }
  if (migrate.action == "down") {
    auto reverted = (*migrator)->Down(target);
    if (!reverted.ok()) return Fail("migrate down", reverted.status());
    spdlog::info("migrations reverted: [{}]", absl::StrJoin(*reverted, ", "));
    return 0;
  }
  auto status = (*migrator)->Status();
  if (!status.ok()) return Fail("migrate status", status.status());
  for (const auto& m : *status) {
    std::printf("%04d %-32s %s%s\n", m.version, m.name.c_str(), m.applied ? "applied" : "pending",
                m.on_disk ? "" : " (missing on disk)");
  }
  return 0;
}

int RunSeed(const WorkerOptions& options, const SeedCommandOptions& seed) {
  const absl::StatusOr<std::string> conninfo = DatabaseConninfo(options);
  if (!conninfo.ok()) return Fail("database", conninfo.status());
  auto pool = store::SessionPool::Create({*conninfo, 1});
  if (!pool.ok()) return Fail("database", pool.status());
  store::DemoDataWriter writer(**pool);
  if (seed.if_empty) {
    auto empty = writer.IsEmpty();
    if (!empty.ok()) return Fail("seed", empty.status());
    if (!*empty) {
      spdlog::info("seed: the database already has data; nothing written");
      return 0;
    }
  }
  auto data = seed::GenerateDemoData(
      {.stores = seed.stores, .products = seed.products, .days = seed.days, .seed = seed.seed});
  if (!data.ok()) return Fail("seed", data.status());
  auto stats = writer.Write(*data);
  if (!stats.ok()) return Fail("seed", stats.status());
  spdlog::info("seed: {} stores, {} products, {} calendar days, {} promotions, {} sales rows",
               stats->stores, stats->products, stats->calendar_days, stats->promotions,
               stats->sales);
  return 0;
}

int RunPurge(const WorkerOptions& options, const PurgeCommandOptions& purge) {
  const absl::StatusOr<std::string> conninfo = DatabaseConninfo(options);
  if (!conninfo.ok()) return Fail("database", conninfo.status());
  auto pool = store::SessionPool::Create({*conninfo, 1});
  if (!pool.ok()) return Fail("database", pool.status());
  store::PgRunRetention retention(**pool);
  long long total = 0;
  while (true) {
    absl::StatusOr<int> deleted = retention.PurgeSettledBefore(purge.older_than, purge.batch_size);
    if (!deleted.ok()) return Fail("purge", deleted.status());
    total += *deleted;
    if (*deleted < purge.batch_size) break;
  }
  spdlog::info("purge: {} settled run(s) older than {} deleted", total,
               absl::FormatDuration(purge.older_than));
  return 0;
}

}  // namespace champion::app
