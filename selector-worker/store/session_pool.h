#pragma once

// A fixed pool of PostgreSQL sessions (soci::connection_pool) with RAII checkout.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "soci/soci.h"

namespace champion::store {

//! Thread-safe: any number of threads may Checkout concurrently; each Lease is used by one
//! thread at a time.
class SessionPool {
 public:
  struct Options {
    std::string conninfo;  //!< libpq keyword=value conninfo or postgresql:// URI.
    int size = 4;          //!< Number of sessions, 1..1000.
    //! statement_timeout of every session (PostgreSQL cancels a longer statement: the call
    //! fails with DeadlineExceeded); zero: none.
    absl::Duration statement_timeout = absl::ZeroDuration();
    //! Checkout()'s wait for a free session.
    absl::Duration checkout_timeout = absl::InfiniteDuration();
  };

  //! A checked-out session, returned to the pool on destruction. Movable, not copyable.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    soci::session& operator*() const { return *session_; }
    soci::session* operator->() const { return session_; }

   private:
    friend class SessionPool;
    Lease(SessionPool* owner, std::size_t position);
    SessionPool* owner_;
    std::size_t position_;
    soci::session* session_;
  };

  //! Opens every session (TimeZone=UTC, DateStyle=ISO, the statement timeout). Errors:
  //! InvalidArgument (size out of range, malformed conninfo), Unavailable (cannot connect).
  static absl::StatusOr<std::unique_ptr<SessionPool>> Create(const Options& options);

  //! Waits up to `timeout` for a free session; a session whose connection broke (server
  //! restart) is reconnected first (SOCI's is_connected() pings: one round trip per checkout).
  //! Errors: Unavailable (none free in time: the database is overloaded; reconnect failed).
  absl::StatusOr<Lease> Checkout(absl::Duration timeout);
  //! Whether the database answers a trivial query within `timeout` (readiness probes), the
  //! whole round trip included: a database behind a link that drops packets is Unavailable
  //! after `timeout`, not when TCP gives up. A query left in flight by a probe that timed out
  //! is collected by the next probe on that session (or by its next user).
  absl::Status Ping(absl::Duration timeout);

  //! Checkout with the pool's checkout_timeout.
  absl::StatusOr<Lease> Checkout() { return Checkout(options_.checkout_timeout); }

  int size() const { return size_; }

  //! What the pool has done so far (metrics).
  struct Stats {
    int size = 0;
    int in_use = 0;         //!< Sessions checked out now.
    int64_t waits = 0;      //!< Checkouts that found no free session at first.
    absl::Duration waited;  //!< Their total wait (successful or not).
  };
  Stats stats() const;

 private:
  explicit SessionPool(const Options& options)
      : options_(options), size_(options.size), pool_(static_cast<std::size_t>(options.size)) {}
  void Configure(soci::session& sql) const;

  const Options options_;
  int size_;
  soci::connection_pool pool_;
  std::atomic<int> in_use_{0};
  std::atomic<int64_t> waits_{0};
  std::atomic<int64_t> waited_nanos_{0};
};

}  // namespace champion::store
