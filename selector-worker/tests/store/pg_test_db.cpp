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
      setup_conninfo_(absl::StrCat(admin_conninfo_, " dbname=", name_)),
      conninfo_(setup_conninfo_),
      owner_conninfo_(setup_conninfo_) {}

absl::Status PgTestDb::UseLeastPrivilege() {
  roles_ = TestRoles::Named(name_);
  if (auto status = ProvisionRoles(setup_conninfo_, *roles_); !status.ok()) return status;
  absl::StatusOr<std::string> owner = store::ConninfoWithPassword(
      absl::StrCat(setup_conninfo_, " user=", roles_->owner), roles_->owner_password);
  if (!owner.ok()) return owner.status();
  absl::StatusOr<std::string> app = store::ConninfoWithPassword(
      absl::StrCat(setup_conninfo_, " user=", roles_->app), roles_->app_password);
  if (!app.ok()) return app.status();
  owner_conninfo_ = *std::move(owner);
  conninfo_ = *std::move(app);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<PgTestDb>> PgTestDb::Create(const Options& options) {
  const char* admin = std::getenv("CHAMPION_TEST_PG");
  if (admin == nullptr || *admin == '\0') {
    return absl::FailedPreconditionError(
        "CHAMPION_TEST_PG is not set. PostgreSQL tests need an admin conninfo, e.g.\n"
        "  source deploy/lib/pg.sh && champion_pg_start .local/pg-test 55433\n"
        "  export CHAMPION_TEST_PG=\"$(champion_pg_conninfo .local/pg-test 55433)\"");
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
  if (options.least_privilege) {
    if (auto status = db->UseLeastPrivilege(); !status.ok()) return status;
  }
  if (options.migrate) {
    auto migrator = store::Migrator::Create({db->owner_conninfo_, MigrationsDir()});
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
  admin->reset();  // The roles go after their database: it holds their privileges.
  if (roles_) DropRoles(admin_conninfo_, *roles_);
}

std::unique_ptr<soci::session> PgTestDb::Connect() const {
  auto session = store::OpenSession(setup_conninfo_);
  if (!session.ok()) FAIL(std::string(session.status().message()));
  return *std::move(session);
}

std::unique_ptr<PgTestDb> RequirePgTestDb(const PgTestDb::Options& options) {
  auto db = PgTestDb::Create(options);
  if (!db.ok()) FAIL(db.status().ToString());
  return *std::move(db);
}

}  // namespace champion::test
