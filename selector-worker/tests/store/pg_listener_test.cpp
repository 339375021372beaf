#include "store/pg_listener.h"

#include <catch2/catch.hpp>

#include "absl/synchronization/mutex.h"
#include "pg_test_db.h"

namespace champion::store {
namespace {

struct Received {
  absl::Mutex mu;
  int connects ABSL_GUARDED_BY(mu) = 0;
  std::vector<std::string> payloads ABSL_GUARDED_BY(mu);

  bool WaitFor(const std::function<bool()>& done) {
    absl::MutexLock lock(&mu);
    const auto ready = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu) { return done(); };
    return mu.AwaitWithTimeout(absl::Condition(&ready), absl::Seconds(20));
  }
};

TEST_CASE("PgListener delivers notifications and reconnects after losing its connection",
          "[store][pg][listener]") {
  auto db = test::RequirePgTestDb();
  Received received;
  auto listener = PgListener::Create(
      {.conninfo = db->conninfo(),
       .channels = {"selection_progress"},
       .min_backoff = absl::Milliseconds(20)},
      [&](const std::string& channel, const std::string& payload) {
        absl::MutexLock lock(&received.mu);
        received.payloads.push_back(channel + ":" + payload);
      },
      [&] {
        absl::MutexLock lock(&received.mu);
        ++received.connects;
      });
  REQUIRE(listener.ok());
  (*listener)->Start();
  REQUIRE(received.WaitFor([&] { return received.connects == 1; }));
  auto sql = db->Connect();
  *sql << "SELECT pg_notify('selection_progress', 'run-1')";
  REQUIRE(received.WaitFor([&] { return received.payloads.size() == 1; }));

  // The server drops the listener's connection (as on a restart): it reconnects and listens.
  *sql << "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
          "WHERE datname = current_database() AND pid <> pg_backend_pid()";
  REQUIRE(received.WaitFor([&] { return received.connects == 2; }));
  *sql << "SELECT pg_notify('selection_progress', 'run-2')";
  REQUIRE(received.WaitFor([&] { return received.payloads.size() == 2; }));
  {
    absl::MutexLock lock(&received.mu);
    CHECK(received.payloads.back() == "selection_progress:run-2");
  }
  (*listener)->Stop();
  CHECK_FALSE((*listener)->connected());
  CHECK(
      PgListener::Create({.conninfo = "x=", .channels = {"a"}}, nullptr, nullptr).status().code() ==
      absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace champion::store
