#pragma once

// The worker's subcommands. Each returns the process exit code.

#include "app/flags.h"

namespace champion::app {

//! Serves gRPC until SIGTERM/SIGINT (which must be blocked in every thread by the caller
//! before any thread starts), then shuts down gracefully.
int RunServe(const WorkerOptions& options);

//! `migrate up|down|status [--to N]`.
int RunMigrate(const WorkerOptions& options, const MigrateCommandOptions& migrate);

//! `seed ...`: writes deterministic demo data into an empty database.
int RunSeed(const WorkerOptions& options, const SeedCommandOptions& seed);

//! `purge --older_than ...`: deletes settled runs past the age, a batch per transaction,
//! until a batch finds fewer than it may delete.
int RunPurge(const WorkerOptions& options, const PurgeCommandOptions& purge);

}  // namespace champion::app
