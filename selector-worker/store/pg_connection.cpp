#include "store/pg_connection.h"

#include <libpq-fe.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "soci/postgresql/soci-postgresql.h"
#include "store/pg_error.h"

namespace champion::store {
namespace {

constexpr std::string_view kSetTimeZone = R"sql(SET TIME ZONE 'UTC')sql";
constexpr std::string_view kSetDateStyle = R"sql(SET DateStyle = 'ISO, YMD')sql";

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

}  // namespace

void ConfigureSession(soci::session& sql) {
  PQsetNoticeProcessor(NativeConnection(sql), &IgnoreNotice, nullptr);
  sql << kSetTimeZone;
  sql << kSetDateStyle;
}

absl::StatusOr<std::unique_ptr<soci::session>> OpenSession(std::string_view conninfo) {
  absl::StatusOr<std::string> normalized = NormalizeConninfo(conninfo);
  if (!normalized.ok()) return normalized.status();
  return GuardSql("connect to PostgreSQL", [&]() -> absl::StatusOr<std::unique_ptr<soci::session>> {
    auto sql = std::make_unique<soci::session>(soci::postgresql, *normalized);
    ConfigureSession(*sql);
    return sql;
  });
}

pg_conn* NativeConnection(soci::session& sql) {
  // The session was opened with the postgresql backend (the only one this project links).
  return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
}

}  // namespace champion::store
