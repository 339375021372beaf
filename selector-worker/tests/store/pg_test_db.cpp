#include "pg_test_db.h"

#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "soci/postgresql/soci-postgresql.h"
#include "store/migrator.h"
#include "store/pg_connection.h"

namespace champion::test {
namespace {

std::string UniqueName() {
  static std::atomic<int> counter{0};
  static const unsigned salt = std::random_device{}();
  return absl::StrFormat("champion_t_%d_%d_%08x", static_cast<int>(getpid()), counter++, salt);
}

}  // namespace

PgTestDb::PgTestDb(std::string admin_conninfo, std::string name)
    : admin_conninfo_(std::move(admin_conninfo)),
      name_(std::move(name)),
      // libpq keeps the last value of a repeated keyword, so this selects the new database.
      conninfo_(absl::StrCat(admin_conninfo_, " dbname=", name_)) {}

absl::StatusOr<std::unique_ptr<PgTestDb>> PgTestDb::Create(const Options& options) {
  const char* admin = std::getenv("CHAMPION_TEST_PG");
  if (admin == nullptr || *admin == '\0') {
    return absl::FailedPreconditionError(
        "CHAMPION_TEST_PG is not set. PostgreSQL tests need an admin conninfo, e.g.\n"
        "  source deploy/lib/pg.sh && champion_pg_start .local/pg-test 55433\n"
        "  export CHAMPION_TEST_PG='host=127.0.0.1 port=55433 user=postgres dbname=postgres'");
  }
  auto admin_session = store::OpenSession(admin);
  if (!admin_session.ok()) return admin_session.status();
  std::unique_ptr<PgTestDb> db(new PgTestDb(admin, UniqueName()));
  try {
    // The name is generated above (letters, digits, underscores), never user input.
    **admin_session << "CREATE DATABASE " << db->name_;
  } catch (const soci::soci_error& e) {
    return absl::UnavailableError(absl::StrCat("CREATE DATABASE failed: ", e.what()));
  }
  if (options.migrate) {
    auto migrator = store::Migrator::Create({db->conninfo_, MigrationsDir()});
    if (!migrator.ok()) return migrator.status();
    absl::StatusOr<std::vector<int>> applied = (*migrator)->Up();
    if (!applied.ok()) return applied.status();
  }
  return db;
}

PgTestDb::~PgTestDb() {
  auto admin = store::OpenSession(admin_conninfo_);
  if (!admin.ok()) return;
  try {
    **admin << "DROP DATABASE IF EXISTS " << name_ << " WITH (FORCE)";
  } catch (const soci::soci_error&) {
    // Best effort: a leftover champion_t_* database does not affect other tests.
  }
}

std::unique_ptr<soci::session> PgTestDb::Connect() const {
  auto session = store::OpenSession(conninfo_);
  if (!session.ok()) FAIL(std::string(session.status().message()));
  return *std::move(session);
}

std::unique_ptr<PgTestDb> RequirePgTestDb(const PgTestDb::Options& options) {
  auto db = PgTestDb::Create(options);
  if (!db.ok()) FAIL(db.status().ToString());
  return *std::move(db);
}

}  // namespace champion::test
