#include "store/session_pool.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "soci/postgresql/soci-postgresql.h"
#include "store/pg_connection.h"
#include "store/pg_error.h"

namespace champion::store {

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
  std::unique_ptr<SessionPool> pool(new SessionPool(options.size));
  absl::Status opened = GuardSql("connect to PostgreSQL", [&]() -> absl::Status {
    for (std::size_t i = 0; i < static_cast<std::size_t>(options.size); ++i) {
      soci::session& sql = pool->pool_.at(i);
      sql.open(soci::postgresql, *conninfo);
      ConfigureSession(sql);
    }
    return absl::OkStatus();
  });
  if (!opened.ok()) return opened;
  return pool;
}

absl::StatusOr<SessionPool::Lease> SessionPool::Checkout(absl::Duration timeout) {
  std::size_t position = 0;
  const int timeout_ms = timeout == absl::InfiniteDuration()
                             ? -1
                             : static_cast<int>(absl::ToInt64Milliseconds(timeout));
  if (!pool_.try_lease(position, timeout_ms)) {
    return absl::DeadlineExceededError(absl::StrCat("no free database session within ",
                                                    absl::FormatDuration(timeout), " (pool size ",
                                                    size_, ")"));
  }
  Lease lease(&pool_, position);
  if (!lease->is_connected()) {
    absl::Status reconnected = GuardSql("reconnect to PostgreSQL", [&]() -> absl::Status {
      lease->reconnect();
      ConfigureSession(*lease);
      return absl::OkStatus();
    });
    if (!reconnected.ok()) return reconnected;
  }
  return lease;
}

}  // namespace champion::store
