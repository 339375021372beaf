#include "store/migrator.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "pg_test_db.h"

namespace champion::store {
namespace {

using test::PgTestDb;
using test::RequirePgTestDb;

std::unique_ptr<Migrator> NewMigrator(const PgTestDb& db,
                                      const std::string& dir = PgTestDb::MigrationsDir()) {
  auto migrator = Migrator::Create({db.owner_conninfo(), dir});
  REQUIRE(migrator.ok());
  return *std::move(migrator);
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The schema as pg_dump prints it (schema_migrations excluded: the migrator owns it).
std::string SchemaDump(const PgTestDb& db) {
  const char* bin = std::getenv("CHAMPION_PG_DUMP");
  std::string pg_dump = bin != nullptr ? bin : "/usr/lib/postgresql/15/bin/pg_dump";
  if (!std::filesystem::exists(pg_dump)) pg_dump = "pg_dump";
  const std::string command = pg_dump +
                              " --schema-only --no-owner --no-privileges"
                              " --exclude-table=schema_migrations -d " +
                              ShellQuote(db.owner_conninfo()) + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string raw;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) raw.append(buffer, n);
  REQUIRE(pclose(pipe) == 0);
  // pg_dump >= 15.14 brackets the script with \restrict / \unrestrict and a random key.
  std::string out;
  for (absl::string_view line : absl::StrSplit(raw, '\n')) {
    if (absl::StartsWith(line, "\\restrict ") || absl::StartsWith(line, "\\unrestrict ")) continue;
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

int CountTables(const PgTestDb& db) {
  auto sql = db.Connect();
  int n = 0;
  *sql << "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", soci::into(n);
  return n;
}

TEST_CASE("Migrator applies every migration once and reports status", "[store][pg][migrator]") {
  auto db = RequirePgTestDb({.migrate = false});
  auto migrator = NewMigrator(*db);
  const std::vector<int> all = {1, 2, 3, 4, 5, 6, 7};

  auto before = migrator->Status();
  REQUIRE(before.ok());
  REQUIRE(before->size() == 7);
  CHECK_FALSE((*before)[0].applied);
  CHECK((*before)[0].name == "init");

  auto applied = migrator->Up();
  REQUIRE(applied.ok());
  CHECK(*applied == all);
  CHECK(CountTables(*db) == 8);  // seven tables and schema_migrations

  auto again = migrator->Up();
  REQUIRE(again.ok());
  CHECK(again->empty());

  auto status = migrator->Status();
  REQUIRE(status.ok());
  for (const MigrationStatus& s : *status) {
    CHECK(s.applied);
    CHECK(s.on_disk);
    REQUIRE(s.applied_at.has_value());
    CHECK(*s.applied_at > absl::Now() - absl::Minutes(5));
  }
}

TEST_CASE("Migrator down, down to 0 and up again leave the same schema", "[store][pg][migrator]") {
  auto db = RequirePgTestDb({.migrate = false});
  auto migrator = NewMigrator(*db);
  REQUIRE(migrator->Up(0).ok());  // creates only schema_migrations
  const std::string empty_schema = SchemaDump(*db);
  REQUIRE(migrator->Up().ok());
  const std::string full_schema = SchemaDump(*db);
  CHECK(full_schema.find("CREATE TABLE public.model_selection_candidate") != std::string::npos);

  auto one_step = migrator->Down();
  REQUIRE(one_step.ok());
  CHECK(*one_step == std::vector<int>{7});
  auto status = migrator->Status();
  REQUIRE(status.ok());
  CHECK((*status)[5].applied);
  CHECK_FALSE((*status)[6].applied);

  auto rest = migrator->Down(0);
  REQUIRE(rest.ok());
  CHECK(*rest == std::vector<int>{6, 5, 4, 3, 2, 1});
  CHECK(SchemaDump(*db) == empty_schema);
  CHECK(CountTables(*db) == 1);
  auto nothing = migrator->Down();
  REQUIRE(nothing.ok());
  CHECK(nothing->empty());

  REQUIRE(migrator->Up(1).ok());
  REQUIRE(migrator->Up().ok());
  CHECK(SchemaDump(*db) == full_schema);
}

TEST_CASE("Migrator rejects negative targets", "[store][pg][migrator]") {
  auto db = RequirePgTestDb({.migrate = false});
  auto migrator = NewMigrator(*db);
  CHECK(migrator->Up(-1).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(migrator->Down(-1).status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("Concurrent migrators serialise on the advisory lock", "[store][pg][migrator]") {
  auto db = RequirePgTestDb({.migrate = false});
  std::vector<absl::StatusOr<std::vector<int>>> results(4, std::vector<int>{});
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      auto migrator = Migrator::Create({db->owner_conninfo(), PgTestDb::MigrationsDir()});
      results[i] = migrator.ok() ? (*migrator)->Up() : migrator.status();
    });
  }
  for (auto& t : threads) t.join();
  size_t total = 0;
  for (const auto& r : results) {
    REQUIRE(r.ok());
    total += r->size();
  }
  CHECK(total == 7);  // each migration applied exactly once
}

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/champion_migrations_XXXXXX";
    path_ = mkdtemp(pattern);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST_CASE("A failing migration rolls back and stops", "[store][pg][migrator]") {
  auto db = RequirePgTestDb({.migrate = false});
  TempDir dir;
  dir.Write("0001_a.up.sql", "CREATE TABLE a (x int);");
  dir.Write("0001_a.down.sql", "DROP TABLE a;");
  dir.Write("0002_b.up.sql", "CREATE TABLE b (x int); SELECT no_such_column FROM a;");
  dir.Write("0002_b.down.sql", "DROP TABLE b;");
  auto migrator = NewMigrator(*db, dir.path());
  auto result = migrator->Up();
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == absl::StatusCode::kInternal);
  CHECK_THAT(std::string(result.status().message()),
             Catch::Matchers::StartsWith("0002_b.up.sql: ") &&
                 Catch::Matchers::Contains("no_such_column"));
  auto status = migrator->Status();
  REQUIRE(status.ok());
  CHECK((*status)[0].applied);
  CHECK_FALSE((*status)[1].applied);
  CHECK(CountTables(*db) == 2);  // a and schema_migrations; b was rolled back
}

TEST_CASE("Status reports applied versions missing from disk", "[store][pg][migrator]") {
  auto db = RequirePgTestDb();
  TempDir dir;
  dir.Write("0001_init.up.sql", "");
  dir.Write("0001_init.down.sql", "");
  auto migrator = NewMigrator(*db, dir.path());
  auto status = migrator->Status();
  REQUIRE(status.ok());
  REQUIRE(status->size() == 7);
  CHECK((*status)[6].version == 7);
  CHECK((*status)[6].name == "candidate_stage");
  CHECK_FALSE((*status)[6].on_disk);
  CHECK((*status)[5].version == 6);
  CHECK((*status)[5].name == "request_owner");
  CHECK_FALSE((*status)[5].on_disk);
  CHECK((*status)[4].version == 5);
  CHECK((*status)[4].name == "request_fingerprint");
  CHECK((*status)[3].version == 4);
  CHECK((*status)[3].name == "fencing");
  CHECK_FALSE((*status)[3].on_disk);
  CHECK((*status)[2].version == 3);
  CHECK((*status)[2].name == "run_queue");
  CHECK_FALSE((*status)[2].on_disk);
  CHECK((*status)[1].version == 2);
  CHECK((*status)[1].name == "catalog_search");
  CHECK((*status)[1].applied);
  CHECK_FALSE((*status)[1].on_disk);
  CHECK(migrator->Down().status().code() == absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("LoadMigrations validates the directory", "[store][migrator]") {
  CHECK(LoadMigrations("/nonexistent/champion").status().code() == absl::StatusCode::kNotFound);
  TempDir dir;
  dir.Write("README.md", "ignored");
  dir.Write("0001_init.up.sql", "SELECT 1;");
  SECTION("missing down") {
    auto loaded = LoadMigrations(dir.path());
    REQUIRE_FALSE(loaded.ok());
    CHECK(std::string(loaded.status().message()) == "migration 1_init lacks its down file");
  }
  SECTION("bad name") {
    dir.Write("0001_init.down.sql", "SELECT 1;");
    dir.Write("0002-Oops.up.sql", "");
    CHECK(LoadMigrations(dir.path()).status().code() == absl::StatusCode::kInvalidArgument);
  }
  SECTION("two names for one version") {
    dir.Write("0001_other.down.sql", "SELECT 1;");
    CHECK(LoadMigrations(dir.path()).status().code() == absl::StatusCode::kInvalidArgument);
  }
  SECTION("ordered by version") {
    dir.Write("0001_init.down.sql", "SELECT 2;");
    dir.Write("0010_later.up.sql", "");
    dir.Write("0010_later.down.sql", "");
    dir.Write("0002_next.up.sql", "");
    dir.Write("0002_next.down.sql", "");
    auto loaded = LoadMigrations(dir.path());
    REQUIRE(loaded.ok());
    REQUIRE(loaded->size() == 3);
    CHECK((*loaded)[0].down_sql == "SELECT 2;");
    CHECK((*loaded)[1].version == 2);
    CHECK((*loaded)[2].version == 10);
  }
}

}  // namespace
}  // namespace champion::store
