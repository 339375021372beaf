#include "store/pg_listener.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "store/pg_connection.h"

namespace champion::store {
namespace {

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

// LISTEN on every channel; false when the connection is not usable.
bool ListenAll(PGconn* conn, const std::vector<std::string>& channels) {
  for (const std::string& channel : channels) {
    char* quoted = PQescapeIdentifier(conn, channel.c_str(), channel.size());
    if (quoted == nullptr) return false;
    const std::string sql = absl::StrCat("LISTEN ", quoted);
    PQfreemem(quoted);
    PGresult* result = PQexec(conn, sql.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    if (!ok) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PgListener>> PgListener::Create(const Options& options,
                                                               NotifyHandler on_notify,
                                                               ConnectedHandler on_connected) {
  if (options.channels.empty()) return absl::InvalidArgumentError("no channel to listen on");
  absl::StatusOr<std::string> conninfo = NormalizeConninfo(options.conninfo);
  if (!conninfo.ok()) return conninfo.status();
  Options normalized = options;
  normalized.conninfo = *conninfo;
  return std::unique_ptr<PgListener>(
      new PgListener(std::move(normalized), std::move(on_notify), std::move(on_connected)));
}

PgListener::PgListener(Options options, NotifyHandler on_notify, ConnectedHandler on_connected)
    : options_(std::move(options)),
      on_notify_(std::move(on_notify)),
      on_connected_(std::move(on_connected)) {}

PgListener::~PgListener() { Stop(); }

void PgListener::Start() {
  absl::MutexLock lock(&mu_);
  if (thread_.joinable() || stop_) return;
  thread_ = std::thread([this] { Loop(); });
}

void PgListener::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

bool PgListener::WaitStop(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stop_), timeout);
  return stop_;
}

void PgListener::Loop() {
  absl::Duration backoff = options_.min_backoff;
  while (!WaitStop(absl::ZeroDuration())) {
    PGconn* conn = PQconnectdb(options_.conninfo.c_str());
    if (PQstatus(conn) == CONNECTION_OK && ListenAll(conn, options_.channels)) {
      PQsetNoticeProcessor(conn, &IgnoreNotice, nullptr);
      backoff = options_.min_backoff;
      connected_.store(true);
      if (on_connected_) on_connected_();
      ListenOnce(conn);
      connected_.store(false);
    }
    PQfinish(conn);
    if (WaitStop(backoff)) break;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

void PgListener::ListenOnce(PGconn* conn) {
  const int timeout_ms = static_cast<int>(absl::ToInt64Milliseconds(options_.poll_interval));
  while (!WaitStop(absl::ZeroDuration())) {
    pollfd fd{PQsocket(conn), POLLIN, 0};
    if (fd.fd < 0) return;
    const int ready = poll(&fd, 1, timeout_ms);
    if (ready < 0) continue;  // EINTR
    if (ready == 0) continue;
    if (PQconsumeInput(conn) == 0 || PQstatus(conn) != CONNECTION_OK) return;  // broken
    while (PGnotify* n = PQnotifies(conn)) {
      const std::string channel = n->relname, payload = n->extra;
      PQfreemem(n);
      on_notify_(channel, payload);
    }
  }
}

}  // namespace champion::store
