// selector-worker: serves champion.v1 over gRPC, migrates the schema, seeds demo data,
// purges old runs, prints the model catalog.

#include <csignal>
#include <iostream>

#include "app/commands.h"
#include "app/flags.h"
#include "app/model_docs.h"
#include "common/logging.h"

int main(int argc, char** argv) {
  // Block the shutdown and reload signals before any thread starts, so only RunServe's
  // sigwait sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto command_line = champion::app::ParseCommandLine(argc, argv);
  if (!command_line.ok()) {
    std::cerr << "selector-worker: " << command_line.status().message() << "\n";
    return 2;
  }
  champion::InitLogging({.level = command_line->worker.log_level,
                         .name = "selector-worker",
                         .format = command_line->worker.log_format});
  if (command_line->command == "migrate") {
    return champion::app::RunMigrate(command_line->worker, command_line->migrate);
  }
  if (command_line->command == "seed") {
    return champion::app::RunSeed(command_line->worker, command_line->seed);
  }
  if (command_line->command == "models") {
    std::cout << champion::app::CatalogMarkdown();
    return 0;
  }
  if (command_line->command == "purge") {
    return champion::app::RunPurge(command_line->worker, command_line->purge);
  }
  return champion::app::RunServe(command_line->worker);
}
