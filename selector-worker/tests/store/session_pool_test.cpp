#include "store/session_pool.h"

#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <utility>

#include "common/internal_detail.h"
#include "pg_test_db.h"
#include "soci/postgresql/soci-postgresql.h"
#include "store/pg_connection.h"
#include "store/pg_error.h"

namespace champion::store {
namespace {

TEST_CASE("SessionPool validates its options", "[store][pool]") {
  CHECK(SessionPool::Create({"host=127.0.0.1", 0}).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(SessionPool::Create({"not a conninfo", 1}).status().code() ==
        absl::StatusCode::kInvalidArgument);
  auto unreachable =
      SessionPool::Create({"host=127.0.0.1 port=1 user=postgres connect_timeout=2", 1});
  CHECK(unreachable.status().code() == absl::StatusCode::kUnavailable);
}

TEST_CASE("NormalizeConninfo turns URIs into keyword=value", "[store][pool]") {
  auto normalized = NormalizeConninfo("postgresql://bob@db.example:5433/sales");
  REQUIRE(normalized.ok());
  CHECK(*normalized == "user='bob' dbname='sales' host='db.example' port='5433'");
}

TEST_CASE("sslmode in the conninfo reaches libpq", "[store][pg][pool]") {
  auto db = test::RequirePgTestDb({.migrate = false});
  std::string ssl;
  *db->Connect() << "SHOW ssl", soci::into(ssl);
  auto pool = SessionPool::Create({db->conninfo() + " sslmode=require", 1});
  if (ssl == "on") {
    REQUIRE(pool.ok());
    auto lease = (*pool)->Checkout();
    REQUIRE(lease.ok());
    int encrypted = 0;
    **lease << "SELECT ssl::int FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        soci::into(encrypted);
    CHECK(encrypted == 1);
  } else {
    // The test server has no TLS: libpq itself refuses, so the setting was not dropped.
    REQUIRE(pool.status().code() == absl::StatusCode::kUnavailable);
    REQUIRE(GetInternalDetail(pool.status()).has_value());
    CHECK_THAT(*GetInternalDetail(pool.status()),
               Catch::Matchers::Contains("server does not support SSL"));
  }
}

TEST_CASE("SessionPool hands out UTC sessions and times out when exhausted", "[store][pg][pool]") {
  auto db = test::RequirePgTestDb();
  auto pool = SessionPool::Create({db->conninfo(), 2});
  REQUIRE(pool.ok());
  auto first = (*pool)->Checkout();
  REQUIRE(first.ok());
  std::string zone;
  **first << "SELECT current_setting('TimeZone')", soci::into(zone);
  CHECK(zone == "UTC");
  auto second = (*pool)->Checkout(absl::Seconds(1));
  REQUIRE(second.ok());
  CHECK((*pool)->stats().in_use == 2);
  CHECK((*pool)->stats().waits == 0);
  auto third = (*pool)->Checkout(absl::Milliseconds(50));
  CHECK(third.status().code() == absl::StatusCode::kUnavailable);
  // The failed checkout waited its whole timeout; the pool counts it.
  CHECK((*pool)->stats().waits == 1);
  CHECK((*pool)->stats().waited >= absl::Milliseconds(45));
  { SessionPool::Lease released = *std::move(second); }
  CHECK((*pool)->stats().in_use == 1);
  CHECK((*pool)->Checkout(absl::Milliseconds(50)).ok());
  CHECK((*pool)->stats().in_use == 1);
  CHECK((*pool)->stats().size == 2);
}

TEST_CASE("SQL errors map to canonical codes", "[store][pg][pool]") {
  auto db = test::RequirePgTestDb();
  auto sql = db->Connect();
  auto insert = [&] {
    return GuardSql("insert store", [&]() -> absl::Status {
      *sql << "INSERT INTO store (code, name) VALUES ('S1', 'One')";
      return absl::OkStatus();
    });
  };
  REQUIRE(insert().ok());
  const absl::Status duplicate = insert();
  CHECK(duplicate.code() == absl::StatusCode::kAlreadyExists);
  CHECK_THAT(std::string(duplicate.message()), Catch::Matchers::StartsWith("insert store: "));
  // The server's text (it quotes the value and names the constraint) is for the log only.
  CHECK_THAT(std::string(duplicate.message()), !Catch::Matchers::Contains("S1"));
  CHECK_THAT(std::string(duplicate.message()), !Catch::Matchers::Contains("store_code"));
  REQUIRE(GetInternalDetail(duplicate).has_value());
  CHECK_THAT(*GetInternalDetail(duplicate), Catch::Matchers::Contains("23505"));
  CHECK(CodeForSqlState("23514") == absl::StatusCode::kInvalidArgument);
  CHECK(CodeForSqlState("08006") == absl::StatusCode::kUnavailable);
  CHECK(CodeForSqlState("57P01") == absl::StatusCode::kUnavailable);
  CHECK(CodeForSqlState("40001") == absl::StatusCode::kAborted);
  CHECK(CodeForSqlState("57014") == absl::StatusCode::kDeadlineExceeded);
  CHECK(CodeForSqlState("42703") == absl::StatusCode::kInternal);
}

TEST_CASE("A connection lost without a server error is an outage", "[store][pool]") {
  // libpq's own errors (the server vanished mid-statement, "no connection to the server")
  // carry no SQLSTATE; SOCI reports them with five blanks. They must read as unavailable, so
  // a candidate caught by a database restart is handed back instead of failed.
  CHECK(CodeForSqlState("     ") == absl::StatusCode::kUnavailable);
  const soci::postgresql_soci_error lost(
      "server closed the connection unexpectedly\n\tThis probably means the server "
      "terminated abnormally\n",
      "     ");
  const absl::Status status = StatusFromSoci(lost, "load sales");
  CHECK(status.code() == absl::StatusCode::kUnavailable);
  CHECK(std::string(status.message()) == "load sales: the database is unavailable");
}

TEST_CASE("SessionPool applies its statement timeout and its checkout timeout",
          "[store][pg][pool]") {
  auto db = test::RequirePgTestDb();
  auto pool = SessionPool::Create({.conninfo = db->conninfo(),
                                   .size = 1,
                                   .statement_timeout = absl::Milliseconds(200),
                                   .checkout_timeout = absl::Milliseconds(50)});
  REQUIRE(pool.ok());
  {
    auto lease = (*pool)->Checkout();
    REQUIRE(lease.ok());
    const absl::Status slow = GuardSql("sleep", [&]() -> absl::Status {
      **lease << "SELECT pg_sleep(5)";
      return absl::OkStatus();
    });
    CHECK(slow.code() == absl::StatusCode::kDeadlineExceeded);
    CHECK(std::string(slow.message()) == "sleep: the database did not answer in time");
    // The pool's only session is out: the default checkout gives up after 50 ms.
    CHECK((*pool)->Checkout().status().code() == absl::StatusCode::kUnavailable);
  }
  // The session survived the cancelled statement and is usable again.
  auto again = (*pool)->Checkout();
  REQUIRE(again.ok());
  int one = 0;
  **again << "SELECT 1", soci::into(one);
  CHECK(one == 1);
}

TEST_CASE("Ping gives up in time when the database holds the connection but never answers",
          "[store][pg][pool]") {
  auto db = test::RequirePgTestDb();
  auto pool = SessionPool::Create({.conninfo = db->conninfo(), .size = 1});
  REQUIRE(pool.ok());
  int backend = 0;
  {
    auto lease = (*pool)->Checkout();
    REQUIRE(lease.ok());
    **lease << "SELECT pg_backend_pid()", soci::into(backend);
  }
  REQUIRE((*pool)->Ping(absl::Seconds(5)).ok());
  // A stopped backend is what a link that drops packets looks like to the client: the TCP
  // connection stays up and nothing comes back (the server is local to the tests, which run
  // as root or as postgres).
  if (kill(backend, SIGSTOP) != 0) {
    WARN("skipped: cannot stop the backend process " << backend);
    return;
  }
  // On its own thread, so that a Ping that hangs fails the test instead of blocking it (the
  // future's destructor waits until the backend, continued, answers).
  auto probes = std::async(std::launch::async, [&] {
    const absl::Status frozen = (*pool)->Ping(absl::Milliseconds(300));
    const absl::Status still = (*pool)->Ping(absl::Milliseconds(100));  // its query in flight
    return std::make_pair(frozen, still);
  });
  const bool in_time = probes.wait_for(std::chrono::seconds(2)) == std::future_status::ready;
  kill(backend, SIGCONT);
  REQUIRE(in_time);
  const auto [frozen, still] = probes.get();
  CHECK(frozen.code() == absl::StatusCode::kUnavailable);
  CHECK(still.code() == absl::StatusCode::kUnavailable);
  // Answering again: the query left in flight is collected, and the session is usable.
  CHECK((*pool)->Ping(absl::Seconds(5)).ok());
  auto lease = (*pool)->Checkout(absl::Seconds(5));
  REQUIRE(lease.ok());
  int one = 0;
  **lease << "SELECT 1", soci::into(one);
  CHECK(one == 1);
}

TEST_CASE("Ping reconnects a lost session, also after a reconnect failed", "[store][pg][pool]") {
  auto db = test::RequirePgTestDb();
  REQUIRE(db->roles() != nullptr);
  auto pool = SessionPool::Create({.conninfo = db->conninfo(), .size = 1});
  REQUIRE(pool.ok());
  REQUIRE((*pool)->Ping(absl::Seconds(5)).ok());
  auto admin = db->Connect();
  const std::string app = db->roles()->app;
  // The server ends the session and refuses new ones for a while (as during a restart).
  *admin << "ALTER ROLE " + app + " NOLOGIN";
  *admin << "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + app + "'";
  CHECK((*pool)->Ping(absl::Seconds(2)).code() == absl::StatusCode::kUnavailable);  // found lost
  CHECK((*pool)->Ping(absl::Seconds(2)).code() == absl::StatusCode::kUnavailable);  // refused
  CHECK((*pool)->Ping(absl::Seconds(2)).code() == absl::StatusCode::kUnavailable);  // again
  *admin << "ALTER ROLE " + app + " LOGIN";
  CHECK((*pool)->Ping(absl::Seconds(5)).ok());
  auto lease = (*pool)->Checkout(absl::Seconds(5));
  REQUIRE(lease.ok());
  int one = 0;
  **lease << "SELECT 1", soci::into(one);
  CHECK(one == 1);
}

}  // namespace
}  // namespace champion::store
