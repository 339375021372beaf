#pragma once

// The selector-worker's command line: absl flags with CHAMPION_* environment overrides.
//
//   selector-worker serve   [flags]          serve gRPC (default command)
//   selector-worker migrate up|down|status [--to N]
//   selector-worker seed    [--stores 5 --products 20 --days 730 --seed 42 --if_empty]
//   selector-worker purge   --older_than 90d [--batch_size 500]

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
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

struct PurgeCommandOptions {
  //! Settled runs older than this go ("90d", or an absl duration such as "2160h").
  absl::Duration older_than = absl::InfiniteDuration();
  //! Runs deleted per transaction, >= 1.
  int batch_size = 500;
};

//! "90d" (days) or an absl duration ("36h", "90m"); InvalidArgument otherwise or when
//! negative.
absl::StatusOr<absl::Duration> ParseAge(std::string_view text);

struct CommandLine {
  //! "serve", "migrate", "seed" or "purge".
  std::string command;
  WorkerOptions worker;
  SeedCommandOptions seed;
  MigrateCommandOptions migrate;
  PurgeCommandOptions purge;
};

//! Parses argv (flags, env overrides, positional command); InvalidArgument on bad input.
absl::StatusOr<CommandLine> ParseCommandLine(int argc, char** argv);

}  // namespace champion::app
