#pragma once

// A throwaway PostgreSQL database per test case: CREATE DATABASE champion_t_<unique> on the
// server named by the admin conninfo in $CHAMPION_TEST_PG (e.g. "host=127.0.0.1 port=55433
// user=postgres dbname=postgres"), migrated to the latest version, dropped on destruction.
// Tests using it are hermetic and may run in parallel. Start a server with deploy/lib/pg.sh:
//   source deploy/lib/pg.sh && champion_pg_start .local/pg-test 55433

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "soci/soci.h"

namespace champion::test {

class PgTestDb {
 public:
  struct Options {
    bool migrate = true;  //!< Apply every migration of CHAMPION_MIGRATIONS_DIR.
  };

  //! Errors: FailedPrecondition when CHAMPION_TEST_PG is unset (with instructions),
  //! Unavailable when the server cannot be reached, the migration error otherwise.
  static absl::StatusOr<std::unique_ptr<PgTestDb>> Create(const Options& options);
  static absl::StatusOr<std::unique_ptr<PgTestDb>> Create() { return Create(Options{}); }

  //! Drops the database (WITH (FORCE): open sessions are terminated).
  ~PgTestDb();
  PgTestDb(const PgTestDb&) = delete;
  PgTestDb& operator=(const PgTestDb&) = delete;

  const std::string& name() const { return name_; }
  //! Conninfo of the test database (the admin conninfo with dbname replaced).
  const std::string& conninfo() const { return conninfo_; }
  const std::string& admin_conninfo() const { return admin_conninfo_; }

  //! A new session on the test database (TimeZone UTC), for test setup and assertions.
  std::unique_ptr<soci::session> Connect() const;

  //! The repository's db/migrations directory.
  static std::string MigrationsDir() { return CHAMPION_MIGRATIONS_DIR; }

 private:
  PgTestDb(std::string admin_conninfo, std::string name);

  std::string admin_conninfo_;
  std::string name_;
  std::string conninfo_;
};

//! Create() or FAIL the current Catch2 test with the reason (never a silent skip).
std::unique_ptr<PgTestDb> RequirePgTestDb(const PgTestDb::Options& options = {});

}  // namespace champion::test
