#include "store/session_pool.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "soci/postgresql/soci-postgresql.h"
#include "store/pg_connection.h"
#include "store/pg_error.h"

namespace champion::store {
namespace {

// SET takes no parameters; set_config does (session-wide: is_local false).
constexpr std::string_view kPing = "SELECT 1";
constexpr std::string_view kSetStatementTimeout =
    R"sql(SELECT set_config('statement_timeout', :millis, false))sql";

}  // namespace

SessionPool::Lease::Lease(soci::connection_pool* pool, std::size_t position)
    : pool_(pool), position_(position), session_(&pool->at(position)) {}

SessionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), position_(other.position_), session_(other.session_) {
  other.pool_ = nullptr;
}

SessionPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->give_back(position_);
}

absl::StatusOr<std::unique_ptr<SessionPool>> SessionPool::Create(const Options& options) {
  if (options.size < 1 || options.size > 1000) {
    return absl::InvalidArgumentError(
        absl::StrCat("session pool size must be in 1..1000, got ", options.size));
  }
  absl::StatusOr<std::string> conninfo = NormalizeConninfo(options.conninfo);
  if (!conninfo.ok()) return conninfo.status();
  std::unique_ptr<SessionPool> pool(new SessionPool(options));
  absl::Status opened = GuardSql("connect to PostgreSQL", [&]() -> absl::Status {
    for (std::size_t i = 0; i < static_cast<std::size_t>(options.size); ++i) {
      soci::session& sql = pool->pool_.at(i);
      sql.open(soci::postgresql, *conninfo);
      pool->Configure(sql);
    }
    return absl::OkStatus();
  });
  if (!opened.ok()) return opened;
  return pool;
}

absl::Status SessionPool::Ping(absl::Duration timeout) {
  absl::StatusOr<Lease> lease = Checkout(timeout);
  if (!lease.ok()) return lease.status();
  return GuardSql("ping", [&]() -> absl::Status {
    int one = 0;
    **lease << kPing, soci::into(one);
    return absl::OkStatus();
  });
}

void SessionPool::Configure(soci::session& sql) const {
  ConfigureSession(sql);
  const std::string millis = absl::StrCat(absl::ToInt64Milliseconds(options_.statement_timeout));
  sql << kSetStatementTimeout, soci::use(millis, "millis");
}

absl::StatusOr<SessionPool::Lease> SessionPool::Checkout(absl::Duration timeout) {
  std::size_t position = 0;
  const int timeout_ms = timeout == absl::InfiniteDuration()
                             ? -1
                             : static_cast<int>(absl::ToInt64Milliseconds(timeout));
  if (!pool_.try_lease(position, timeout_ms)) {
    return absl::UnavailableError(absl::StrCat("the database is busy: no free session within ",
                                               absl::FormatDuration(timeout), " (pool size ", size_,
                                               ")"));
  }
  Lease lease(&pool_, position);
  if (!lease->is_connected()) {
    absl::Status reconnected = GuardSql("reconnect to PostgreSQL", [&]() -> absl::Status {
      lease->reconnect();
      Configure(*lease);
      return absl::OkStatus();
    });
    if (!reconnected.ok()) return reconnected;
  }
  return lease;
}

}  // namespace champion::store
