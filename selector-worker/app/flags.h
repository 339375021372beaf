#pragma once

// The selector-worker's command line: absl flags with CHAMPION_* environment overrides.
//
//   selector-worker serve   [flags]          serve gRPC (default command)
//   selector-worker migrate up|down|status [--to N]
//   selector-worker seed    [--stores 5 --products 20 --days 730 --seed 42 --if_empty]

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "app/worker_options.h"

namespace champion::app {

struct SeedCommandOptions {
  int stores = 5;
  int products = 20;
  int days = 730;
  uint64_t seed = 42;
  //! Succeed without writing when the database already holds sales.
  bool if_empty = false;
};

struct MigrateCommandOptions {
  //! "up", "down" or "status".
  std::string action;
  //! --to N: target version; -1 means "all the way" for up and "one step" for down.
  int to = -1;
};

struct CommandLine {
  //! "serve", "migrate" or "seed".
  std::string command;
  WorkerOptions worker;
  SeedCommandOptions seed;
  MigrateCommandOptions migrate;
};

//! Parses argv (flags, env overrides, positional command); InvalidArgument on bad input.
absl::StatusOr<CommandLine> ParseCommandLine(int argc, char** argv);

}  // namespace champion::app
