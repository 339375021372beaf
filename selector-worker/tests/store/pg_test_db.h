#pragma once

// A throwaway PostgreSQL database per test case: CREATE DATABASE champion_t_<unique> on the
// server named by the admin conninfo in $CHAMPION_TEST_PG (a superuser, e.g. "host=127.0.0.1
// port=55433 user=postgres dbname=postgres passfile=..."), with its own schema owner and
// runtime role (db/roles.sql), migrated to the latest version by the owner, dropped with its
// roles on destruction. The code under test connects as the runtime role, as the worker does.
// Tests using it are hermetic and may run in parallel. Start a server with deploy/lib/pg.sh:
//   source deploy/lib/pg.sh && champion_pg_start .local/pg-test 55433
//   export CHAMPION_TEST_PG="$(champion_pg_conninfo .local/pg-test 55433)"

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "pg_test_roles.h"
#include "soci/soci.h"

namespace champion::test {

class PgTestDb {
 public:
  struct Options {
    bool migrate = true;  //!< Apply every migration of CHAMPION_MIGRATIONS_DIR.
    //! Provision db/roles.sql's two roles for this database first (unique names, random
    //! passwords, dropped with it): migrations then run as the schema owner and conninfo()
    //! logs in as the runtime role, so the code under test has only the worker's rights.
    bool least_privilege = true;
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
  //! Conninfo of the test database for the code under test: the runtime role with
  //! least_privilege, else the admin conninfo with dbname replaced.
  const std::string& conninfo() const { return conninfo_; }
  //! The schema owner's conninfo with least_privilege, else conninfo().
  const std::string& owner_conninfo() const { return owner_conninfo_; }
  const std::string& admin_conninfo() const { return admin_conninfo_; }
  //! The roles with least_privilege; nullptr otherwise.
  const TestRoles* roles() const { return roles_ ? &*roles_ : nullptr; }

  //! A new session on the test database (TimeZone UTC) as the admin, for test setup and
  //! assertions.
  std::unique_ptr<soci::session> Connect() const;

  //! The repository's db/migrations directory.
  static std::string MigrationsDir() { return CHAMPION_MIGRATIONS_DIR; }

 private:
  PgTestDb(std::string admin_conninfo, std::string name);
  //! Provisions the roles and points conninfo() and owner_conninfo() at them.
  absl::Status UseLeastPrivilege();

  std::string admin_conninfo_;
  std::string name_;
  std::string setup_conninfo_;  // The admin on the test database.
  std::string conninfo_;
  std::string owner_conninfo_;
  std::optional<TestRoles> roles_;
};

//! Create() or FAIL the current Catch2 test with the reason (never a silent skip).
std::unique_ptr<PgTestDb> RequirePgTestDb(const PgTestDb::Options& options = {});

}  // namespace champion::test
