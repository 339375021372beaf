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

SessionPool::Lease::Lease(SessionPool* owner, std::size_t position)
    : owner_(owner), position_(position), session_(&owner->pool_.at(position)) {
  owner_->in_use_.fetch_add(1, std::memory_order_relaxed);
}

SessionPool::Lease::Lease(Lease&& other) noexcept
    : owner_(other.owner_), position_(other.position_), session_(other.session_) {
  other.owner_ = nullptr;
}

SessionPool::Lease::~Lease() {
  if (owner_ == nullptr) return;
  owner_->in_use_.fetch_sub(1, std::memory_order_relaxed);
  owner_->pool_.give_back(position_);
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
  bool leased = pool_.try_lease(position, 0);
  if (!leased && timeout_ms != 0) {
    const absl::Time started = absl::Now();
    leased = pool_.try_lease(position, timeout_ms);
    waits_.fetch_add(1, std::memory_order_relaxed);
    waited_nanos_.fetch_add(absl::ToInt64Nanoseconds(absl::Now() - started),
                            std::memory_order_relaxed);
  }
  if (!leased) {
    return absl::UnavailableError(absl::StrCat("the database is busy: no free session within ",
                                               absl::FormatDuration(timeout), " (pool size ", size_,
                                               ")"));
  }
  Lease lease(this, position);
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

SessionPool::Stats SessionPool::stats() const {
  return {.size = size_,
          .in_use = in_use_.load(std::memory_order_relaxed),
          .waits = waits_.load(std::memory_order_relaxed),
          .waited = absl::Nanoseconds(waited_nanos_.load(std::memory_order_relaxed))};
}

}  // namespace champion::store
