#pragma once

// An in-process worker for [grpc] tests: the real services and gRPC server on port 0, fake
// repositories behind them, and generated client stubs.

#include <memory>

#include "champion/v1/catalog.grpc.pb.h"
#include "champion/v1/selection.grpc.pb.h"
#include "fakes/fake_catalog_repository.h"
#include "fakes/fake_run_manager.h"
#include "fakes/fake_sales_repository.h"
#include "grpcpp/grpcpp.h"
#include "service/catalog_service.h"
#include "service/grpc_server.h"
#include "service/handler_pool.h"
#include "service/selection_service.h"

namespace champion::testing {

class ServiceTestEnv {
 public:
  //! Every handler pool has two threads and queues at most `max_queued` calls.
  //! `credentials`: the server's (null: local credentials, no auth); the stubs then use
  //! `channel_credentials` (null: insecure).
  explicit ServiceTestEnv(int64_t max_import_bytes = 1 << 20, std::size_t max_queued = 256,
                          int max_watch_streams = 1024,
                          std::shared_ptr<grpc::ServerCredentials> credentials = nullptr,
                          std::shared_ptr<grpc::ChannelCredentials> channel_credentials = nullptr,
                          const grpc::ChannelArguments& channel_arguments = {});
  ~ServiceTestEnv();

  fakes::FakeCatalogRepository catalog;
  fakes::FakeSalesRepository sales;
  fakes::FakeRunManager runs;
  std::unique_ptr<champion::v1::CatalogService::Stub> catalog_stub;
  std::unique_ptr<champion::v1::ModelSelectionService::Stub> selection_stub;

  //! The server's port.
  int port() const { return server_->port(); }

  //! Calls waiting for a thread of the RunSync pool.
  std::size_t queued_run_syncs() { return long_handlers_->queued(); }

  //! A client context with a 10 s deadline and an x-request-id.
  static std::unique_ptr<grpc::ClientContext> Context();

 private:
  std::unique_ptr<service::HandlerPool> handlers_;
  std::unique_ptr<service::HandlerPool> long_handlers_;
  std::unique_ptr<service::HandlerPool> cancel_handlers_;
  std::unique_ptr<service::CatalogService> catalog_service_;
  std::unique_ptr<service::SelectionService> selection_service_;
  std::unique_ptr<service::GrpcServer> server_;
};

//! `days` consecutive daily rows from 2024-01-01 with quantity 10 + day % 7.
std::vector<store::SalesRow> DailyRows(int days);

}  // namespace champion::testing
