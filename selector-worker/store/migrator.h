#pragma once

// Applies and reverts the schema migrations of db/migrations (docs/ARCHITECTURE.md, "Schema
// (db/migrations)"), recording them in `schema_migrations (version int PK, name, applied_at)`,
// which the migrator creates itself.
//
// Semantics (the worker's `migrate up|down [--to N]|status`):
//  - Up():        apply every pending version in ascending order.
//  - Up(N):       apply pending versions <= N.
//  - Down():      revert the latest applied version only (one step).
//  - Down(N):     revert every applied version > N, newest first; Down(0) reverts all.
//  - Status():    one entry per version on disk or recorded in the database.
// Each migration runs in its own transaction together with its schema_migrations row, so a
// failing migration leaves the database at the previous version. Up and Down hold a
// PostgreSQL advisory lock for their whole duration, so concurrent callers (several workers
// started with --migrate) serialise and the later ones find nothing left to do.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "soci/soci.h"
#include "store/migration_files.h"

namespace champion::store {

struct MigrationStatus {
  int version = 0;
  std::string name;
  bool applied = false;
  std::optional<absl::Time> applied_at;  //!< Set when applied.
  bool on_disk = true;  //!< False: recorded in the database but missing from the directory.
};

//! Not thread-safe (one dedicated session); use one Migrator per thread or process.
class Migrator {
 public:
  struct Options {
    std::string conninfo;        //!< libpq conninfo; the migrator opens its own session.
    std::string migrations_dir;  //!< e.g. "db/migrations"
  };

  //! Loads and validates the migration files, then connects.
  //! Errors: see LoadMigrations; InvalidArgument/Unavailable from connecting.
  static absl::StatusOr<std::unique_ptr<Migrator>> Create(const Options& options);

  //! Returns the versions applied, in order (empty when already up to date).
  //! Errors: InvalidArgument (target < 0); the failing migration's error, prefixed with its
  //! file name (earlier migrations of this call stay applied).
  absl::StatusOr<std::vector<int>> Up(std::optional<int> target = std::nullopt);

  //! Returns the versions reverted, newest first (empty when nothing to revert).
  //! Errors: InvalidArgument (target < 0); FailedPrecondition (an applied version to revert has
  //! no files on disk); the failing down migration's error.
  absl::StatusOr<std::vector<int>> Down(std::optional<int> target = std::nullopt);

  //! Ascending by version. Does not create schema_migrations.
  absl::StatusOr<std::vector<MigrationStatus>> Status();

  const std::vector<Migration>& migrations() const { return migrations_; }

 private:
  Migrator(std::vector<Migration> migrations, std::unique_ptr<soci::session> sql)
      : migrations_(std::move(migrations)), sql_(std::move(sql)) {}

  absl::StatusOr<std::vector<int>> AppliedVersions();
  absl::Status Apply(const Migration& migration);
  absl::Status Revert(const Migration& migration);

  std::vector<Migration> migrations_;
  std::unique_ptr<soci::session> sql_;
};

}  // namespace champion::store
