#pragma once

// Writes seed::GenerateDemoData's output into an EMPTY database with COPY (about 70k sales rows
// in well under a second). Used by the worker's `seed` subcommand and the local stack, which
// seeds only when IsEmpty().

#include <cstdint>

#include "absl/status/statusor.h"
#include "seed/demo_data.h"
#include "store/session_pool.h"

namespace champion::store {

struct DemoWriteStats {
  int64_t stores = 0;
  int64_t products = 0;
  int64_t calendar_days = 0;
  int64_t promotions = 0;
  int64_t sales = 0;
  bool operator==(const DemoWriteStats&) const = default;
};

//! Borrows `pool`, which must outlive it. Thread-safe (concurrent Writes: one wins, the others
//! get FailedPrecondition).
class DemoDataWriter {
 public:
  explicit DemoDataWriter(SessionPool& pool) : pool_(pool) {}

  //! True when store, product, calendar, promotion and sales_daily are all empty.
  //! Errors: Unavailable; Internal when the schema is missing (run migrations first).
  absl::StatusOr<bool> IsEmpty();

  //! Writes everything in one transaction, keeping the generator's ids (so store 1 / product 1
  //! is the generator's ready pair) and moving the id sequences past them.
  //! Refuses a non-empty database: FailedPrecondition "database already has data ...", and
  //! writes nothing. Other errors: Unavailable, InvalidArgument (data violating the schema).
  absl::StatusOr<DemoWriteStats> Write(const seed::DemoData& data);

 private:
  SessionPool& pool_;
};

}  // namespace champion::store
