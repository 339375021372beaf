#pragma once

// The client-streaming ImportSales call: collects the CSV chunks (bounded), then parses and
// imports the whole file on the handler pool, all or nothing. Only a stream the client
// half-closes cleanly may commit: a cancelled, deadline-exceeded or broken call writes
// nothing (checked when the reads end, and again inside the transaction before its commit).

#include <string>

#include "champion/v1/catalog.grpc.pb.h"
#include "service/handler_pool.h"
#include "service/service_events.h"
#include "store/sales_repository.h"

namespace champion::service {

class ImportSalesReactor final : public grpc::ServerReadReactor<champion::v1::ImportSalesRequest> {
 public:
  //! Starts reading at once. Deletes itself when the call is done.
  ImportSalesReactor(grpc::CallbackServerContext* context, store::SalesRepository& sales,
                     HandlerPool& pool, int64_t max_bytes, ServiceEvents& events,
                     champion::v1::ImportSalesResponse* response);

  void OnReadDone(bool ok) override;
  void OnDone() override { delete this; }
  void OnCancel() override {}  // reads fail and IsCancelled() turns true: see OnReadDone

 private:
  void Import();
  // Finishes a call that ended without a clean half-close: CANCELLED, nothing written.
  void Abandon();
  // Cancelled, deadline passed or the client gone.
  bool CallerGone() const;

  grpc::CallbackServerContext* const context_;  // valid until OnDone

  store::SalesRepository& sales_;
  HandlerPool& pool_;
  const int64_t max_bytes_;
  ServiceEvents& events_;
  champion::v1::ImportSalesResponse* response_;
  const std::string label_;
  champion::v1::ImportSalesRequest chunk_;
  std::string csv_;
  bool create_missing_ = false;
  bool first_ = true;
};

}  // namespace champion::service
