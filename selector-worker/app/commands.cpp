#include "app/commands.h"

#include <unistd.h>

#include <csignal>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "runs/periodic_task.h"
#include "runs/pg_run_manager.h"
#include "seed/demo_data.h"
#include "service/catalog_service.h"
#include "service/grpc_server.h"
#include "service/handler_pool.h"
#include "service/selection_service.h"
#include "spdlog/spdlog.h"
#include "store/demo_data_writer.h"
#include "store/migrator.h"
#include "store/pg_catalog_repository.h"
#include "store/pg_run_repository.h"
#include "store/pg_sales_repository.h"
#include "store/session_pool.h"

namespace champion::app {
namespace {

constexpr absl::Duration kDatabaseProbeInterval = absl::Seconds(1);

int Fail(const char* what, const absl::Status& status) {
  spdlog::error("{}: {}", what, status.ToString());
  return 1;
}

absl::Status MigrateUp(const WorkerOptions& options) {
  auto migrator = store::Migrator::Create({options.database_url, options.migrations_dir});
  if (!migrator.ok()) return migrator.status();
  auto applied = (*migrator)->Up();
  if (!applied.ok()) return applied.status();
  spdlog::info("migrations applied: [{}]", absl::StrJoin(*applied, ", "));
  return absl::OkStatus();
}

int WaitForShutdownSignal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  int signal = 0;
  sigwait(&signals, &signal);
  return signal;
}

}  // namespace

std::string WorkerId() {
  char host[256] = {0};
  if (gethostname(host, sizeof(host) - 1) != 0) return absl::StrCat("worker-", getpid());
  return absl::StrCat(host, ":", getpid());
}

int RunServe(const WorkerOptions& options) {
  if (options.migrate) {
    if (auto status = MigrateUp(options); !status.ok()) return Fail("migrate", status);
  }
  // Every backtest thread and handler thread may hold a session at once, plus the reaper and
  // the heartbeat.
  const int pool_size =
      std::max(options.db_pool_size, options.global_max_parallel + options.handler_threads + 2);
  auto pool = store::SessionPool::Create({.conninfo = options.database_url,
                                          .size = pool_size,
                                          .statement_timeout = options.db_statement_timeout,
                                          .checkout_timeout = options.db_checkout_timeout});
  if (!pool.ok()) return Fail("database", pool.status());
  store::PgCatalogRepository catalog(**pool);
  store::PgSalesRepository sales(**pool);
  store::PgRunRepository run_repository(**pool);
  auto runs = runs::PgRunManager::Create({.runs = &run_repository,
                                          .sales = &sales,
                                          .catalog = &catalog,
                                          .listen_conninfo = options.database_url,
                                          .worker_id = WorkerId(),
                                          .global_max_parallel = options.global_max_parallel,
                                          .lease_duration = options.lease_duration,
                                          .cancel_drain_timeout = options.cancel_drain_timeout,
                                          .max_attempts = options.max_attempts});
  if (!runs.ok()) return Fail("runs", runs.status());
  (*runs)->Start();
  const auto queued = static_cast<std::size_t>(options.max_queued_calls);
  service::HandlerPool handlers(
      {.name = "handler", .threads = options.handler_threads, .max_queued = queued});
  service::HandlerPool long_handlers(
      {.name = "RunSync", .threads = options.handler_threads, .max_queued = queued});
  service::HandlerPool cancel_handlers(
      {.name = "CancelRun", .threads = options.handler_threads, .max_queued = queued});
  service::CatalogService catalog_service(catalog, sales, handlers,
                                          {.max_import_bytes = options.max_import_bytes});
  service::SelectionService selection_service(sales, **runs, handlers, long_handlers,
                                              cancel_handlers, options.max_watch_streams);
  auto server = service::GrpcServer::Start(
      {.listen = options.grpc_listen,
       .services = {&catalog_service, &selection_service},
       .service_names = {"champion.v1.CatalogService", "champion.v1.ModelSelectionService"}});
  if (!server.ok()) {
    (*runs)->Stop();
    return Fail("grpc", server.status());
  }
  spdlog::info("selector-worker serving on {} (port {}), {} backtest threads", options.grpc_listen,
               (*server)->port(), options.global_max_parallel);
  // Health follows the database: NOT_SERVING while it does not answer (load balancers and the
  // gateway's /readyz stop sending work here), SERVING again as soon as it does.
  runs::PeriodicTask database_probe(kDatabaseProbeInterval, [&] {
    (*server)->SetServing((*pool)->Ping(kDatabaseProbeInterval).ok());
  });
  database_probe.Start(false);
  const int signal = WaitForShutdownSignal();
  spdlog::info("signal {}: shutting down", signal);
  database_probe.Stop();
  (*server)->Shutdown(absl::Seconds(5));
  (*server)->Wait();
  // Running candidates go back to the queue for another worker (or this one, restarted).
  (*runs)->Stop();
  spdlog::info("selector-worker stopped");
  return 0;
}

int RunMigrate(const WorkerOptions& options, const MigrateCommandOptions& migrate) {
  auto migrator = store::Migrator::Create({options.database_url, options.migrations_dir});
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
  auto pool = store::SessionPool::Create({options.database_url, 1});
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

}  // namespace champion::app
