#include "store/migrator.h"

#include <algorithm>
#include <map>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/internal_detail.h"
#include "store/pg_connection.h"
#include "store/pg_error.h"

namespace champion::store {
namespace {

// Any constant shared by every migrator works; this one spells "champmig".
constexpr long long kMigrationLockKey = 0x6368616d706d6967LL;

constexpr std::string_view kAcquireLock = R"sql(SELECT pg_advisory_lock(:key))sql";
constexpr std::string_view kReleaseLock = R"sql(SELECT pg_advisory_unlock(:key))sql";
constexpr std::string_view kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version     integer PRIMARY KEY,
  name        text NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
))sql";
// The bookkeeping is the migrating role's alone: whoever else got write rights on it (the
// runtime role, through the owner's default privileges) loses them; reading stays allowed.
constexpr std::string_view kKeepMigrationsTableToOwner = R"sql(
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
           WHERE table_schema = current_schema() AND table_name = 'schema_migrations'
             AND privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
             AND grantee <> current_user
             AND grantee <> (SELECT tableowner FROM pg_tables
                             WHERE schemaname = current_schema()
                               AND tablename = 'schema_migrations')
  LOOP
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM %s',
                   CASE WHEN r.grantee = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(r.grantee) END);
  END LOOP;
END
$$)sql";
constexpr std::string_view kMigrationsTableExists =
    R"sql(SELECT (to_regclass('schema_migrations') IS NOT NULL)::int)sql";
constexpr std::string_view kSelectApplied = R"sql(
SELECT version, name, (extract(epoch FROM applied_at) * 1000000)::bigint
FROM schema_migrations
ORDER BY version)sql";
constexpr std::string_view kInsertApplied =
    R"sql(INSERT INTO schema_migrations (version, name) VALUES (:version, :name))sql";
constexpr std::string_view kDeleteApplied =
    R"sql(DELETE FROM schema_migrations WHERE version = :version)sql";

struct AppliedRow {
  int version;
  std::string name;
  long long applied_at_micros;
};

std::vector<AppliedRow> ReadApplied(soci::session& sql) {
  std::vector<AppliedRow> rows;
  soci::rowset<soci::row> result = sql.prepare << kSelectApplied;
  for (const soci::row& row : result) {
    rows.push_back({row.get<int>(0), row.get<std::string>(1), row.get<long long>(2)});
  }
  return rows;
}

// Holds the session-level advisory lock for a scope. Throws soci_error when it cannot lock.
class MigrationLock {
 public:
  explicit MigrationLock(soci::session& sql) : sql_(sql) {
    sql_ << kAcquireLock, soci::use(kMigrationLockKey, "key");
  }
  ~MigrationLock() {
    try {
      sql_ << kReleaseLock, soci::use(kMigrationLockKey, "key");
    } catch (const soci::soci_error&) {
      // The connection is gone, and the server released the lock with it.
    }
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  soci::session& sql_;
};

std::string FileName(const Migration& m, bool up) {
  return absl::StrFormat("%04d_%s.%s.sql", m.version, m.name, up ? "up" : "down");
}

// Migrations are an operator's command, never a client's answer: the operator needs the
// server's own words about a failing migration, so they go into the message.
absl::Status ForOperator(absl::Status status) {
  const std::optional<std::string> detail = GetInternalDetail(status);
  if (!detail.has_value()) return status;
  return absl::Status(status.code(), absl::StrCat(status.message(), ": ", *detail));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Migrator>> Migrator::Create(const Options& options) {
  absl::StatusOr<std::vector<Migration>> migrations = LoadMigrations(options.migrations_dir);
  if (!migrations.ok()) return migrations.status();
  absl::StatusOr<std::unique_ptr<soci::session>> sql = OpenSession(options.conninfo);
  if (!sql.ok()) return sql.status();
  return std::unique_ptr<Migrator>(new Migrator(*std::move(migrations), *std::move(sql)));
}

absl::StatusOr<std::vector<int>> Migrator::AppliedVersions() {
  std::vector<int> versions;
  for (const AppliedRow& row : ReadApplied(*sql_)) versions.push_back(row.version);
  return versions;
}

absl::Status Migrator::Apply(const Migration& migration) {
  return ForOperator(GuardSql(FileName(migration, true), [&]() -> absl::Status {
    soci::transaction tx(*sql_);
    *sql_ << migration.up_sql;
    *sql_ << kInsertApplied, soci::use(migration.version, "version"),
        soci::use(migration.name, "name");
    tx.commit();
    return absl::OkStatus();
  }));
}

absl::Status Migrator::Revert(const Migration& migration) {
  return ForOperator(GuardSql(FileName(migration, false), [&]() -> absl::Status {
    soci::transaction tx(*sql_);
    *sql_ << migration.down_sql;
    *sql_ << kDeleteApplied, soci::use(migration.version, "version");
    tx.commit();
    return absl::OkStatus();
  }));
}

absl::StatusOr<std::vector<int>> Migrator::Up(std::optional<int> target) {
  if (target && *target < 0) {
    return absl::InvalidArgumentError(absl::StrCat("target version must be >= 0, got ", *target));
  }
  return GuardSql("migrate up", [&]() -> absl::StatusOr<std::vector<int>> {
    MigrationLock lock(*sql_);
    *sql_ << kCreateMigrationsTable;
    *sql_ << kKeepMigrationsTableToOwner;
    absl::StatusOr<std::vector<int>> applied = AppliedVersions();
    if (!applied.ok()) return applied.status();
    std::vector<int> done;
    for (const Migration& m : migrations_) {
      if (target && m.version > *target) break;
      if (std::find(applied->begin(), applied->end(), m.version) != applied->end()) continue;
      if (absl::Status status = Apply(m); !status.ok()) return status;
      done.push_back(m.version);
    }
    return done;
  });
}

absl::StatusOr<std::vector<int>> Migrator::Down(std::optional<int> target) {
  if (target && *target < 0) {
    return absl::InvalidArgumentError(absl::StrCat("target version must be >= 0, got ", *target));
  }
  return GuardSql("migrate down", [&]() -> absl::StatusOr<std::vector<int>> {
    MigrationLock lock(*sql_);
    *sql_ << kCreateMigrationsTable;
    absl::StatusOr<std::vector<int>> applied = AppliedVersions();
    if (!applied.ok()) return applied.status();
    std::vector<int> to_revert(applied->rbegin(), applied->rend());  // newest first
    if (!target) {
      to_revert.resize(std::min<size_t>(to_revert.size(), 1));
    } else {
      std::erase_if(to_revert, [&](int v) { return v <= *target; });
    }
    std::vector<int> done;
    for (int version : to_revert) {
      auto it = std::find_if(migrations_.begin(), migrations_.end(),
                             [&](const Migration& m) { return m.version == version; });
      if (it == migrations_.end()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "migration ", version, " is applied but has no files in the migrations directory"));
      }
      if (absl::Status status = Revert(*it); !status.ok()) return status;
      done.push_back(version);
    }
    return done;
  });
}

absl::StatusOr<std::vector<MigrationStatus>> Migrator::Status() {
  return GuardSql("migration status", [&]() -> absl::StatusOr<std::vector<MigrationStatus>> {
    std::map<int, MigrationStatus> by_version;
    for (const Migration& m : migrations_) {
      by_version[m.version] = {m.version, m.name, false, std::nullopt, true};
    }
    int exists = 0;
    *sql_ << kMigrationsTableExists, soci::into(exists);
    if (exists != 0) {
      for (const AppliedRow& row : ReadApplied(*sql_)) {
        auto [it, inserted] = by_version.try_emplace(row.version);
        MigrationStatus& s = it->second;
        if (inserted) s = {row.version, row.name, false, std::nullopt, false};
        s.applied = true;
        s.applied_at = absl::FromUnixMicros(row.applied_at_micros);
      }
    }
    std::vector<MigrationStatus> out;
    for (auto& [version, status] : by_version) out.push_back(std::move(status));
    return out;
  });
}

}  // namespace champion::store
