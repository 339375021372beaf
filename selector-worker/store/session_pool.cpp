#include "store/session_pool.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "soci/postgresql/soci-postgresql.h"
#include "store/pg_connection.h"
#include "store/pg_error.h"

namespace champion::store {
namespace {

// SET takes no parameters; set_config does (session-wide: is_local false).
constexpr char kPing[] = "SELECT 1";
constexpr std::string_view kSetStatementTimeout =
    R"sql(SELECT set_config('statement_timeout', :millis, false))sql";

// Waits until no query is in flight on `conn` or `deadline` passes; every result that comes
// is handed to `on_result` (and freed). False on a timeout or a broken connection. libpq's
// socket is non-blocking, so nothing here waits past the deadline.
template <typename OnResult>
bool AwaitIdle(PGconn* conn, absl::Time deadline, OnResult&& on_result) {
  while (true) {
    if (PQconsumeInput(conn) == 0) return false;
    while (PQisBusy(conn) == 0) {
      PGresult* result = PQgetResult(conn);
      if (result == nullptr) return true;
      on_result(result);
      PQclear(result);
    }
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return false;
    pollfd fd{.fd = PQsocket(conn), .events = POLLIN, .revents = 0};
    const int millis = static_cast<int>(std::clamp<int64_t>(
        absl::ToInt64Milliseconds(absl::Ceil(left, absl::Milliseconds(1))), 1, 60000));
    if (poll(&fd, 1, millis) < 0 && errno != EINTR) return false;
  }
}

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
  // The whole probe is bounded by `timeout`: a database behind a link that drops packets
  // never answers, and a blocking query (or Checkout's own ping) would wait for TCP to give
  // up, minutes later. So no Checkout here, and the query is sent asynchronously.
  const absl::Time deadline = absl::Now() + timeout;
  std::size_t position = 0;
  if (!pool_.try_lease(position, static_cast<int>(absl::ToInt64Milliseconds(timeout)))) {
    return absl::UnavailableError(absl::StrCat("the database is busy: no free session within ",
                                               absl::FormatDuration(timeout)));
  }
  Lease lease(this, position);
  // A session whose reconnect failed has no backend at all (SOCI closes the old one first).
  if (lease->get_backend() == nullptr || PQstatus(NativeConnection(*lease)) != CONNECTION_OK) {
    RETURN_IF_ERROR(GuardSql("reconnect to PostgreSQL", [&]() -> absl::Status {
      lease->reconnect();
      Configure(*lease);
      return absl::OkStatus();
    }));
  }
  PGconn* conn = NativeConnection(*lease);
  const absl::Status no_answer = absl::UnavailableError(
      absl::StrCat("the database did not answer within ", absl::FormatDuration(timeout)));
  // A ping that timed out before left its query in flight: its answer is collected first
  // (until then the session is not idle, and every other user of it would wait for it).
  if (!AwaitIdle(conn, deadline, [](PGresult*) {})) return no_answer;
  if (PQsendQuery(conn, kPing) == 0) return no_answer;
  bool answered = false;
  const auto on_result = [&](PGresult* result) {
    answered = PQresultStatus(result) == PGRES_TUPLES_OK;
  };
  if (!AwaitIdle(conn, deadline, on_result)) return no_answer;
  return answered ? absl::OkStatus() : absl::UnavailableError("the database refused the ping");
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
