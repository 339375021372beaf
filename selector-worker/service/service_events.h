#pragma once

// What the gRPC layer reports (metrics, in the worker's wiring): every call's method, code
// and duration, and the rows of sales imports. No-op defaults; tests record with a fake.

#include <cstdint>
#include <string_view>

#include "absl/time/time.h"
#include "grpcpp/support/status.h"

namespace champion::service {

//! Thread-safe implementations only.
class ServiceEvents {
 public:
  virtual ~ServiceEvents() = default;
  //! A call to `service`/`method` (e.g. "champion.v1.CatalogService", "ListStores") ended
  //! with `code` after `took` (from its start to its status).
  virtual void CallHandled(std::string_view /*service*/, std::string_view /*method*/,
                           grpc::StatusCode /*code*/, absl::Duration /*took*/) {}
  //! An ImportSales call ended: `rows` CSV rows were written (`imported`) or refused.
  virtual void SalesImported(int64_t /*rows*/, bool /*imported*/) {}
};

//! The shared do-nothing instance.
ServiceEvents& NoServiceEvents();

}  // namespace champion::service
