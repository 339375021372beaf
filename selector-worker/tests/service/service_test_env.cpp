#include "service/service_test_env.h"

#include "absl/strings/str_cat.h"

namespace champion::testing {

ServiceTestEnv::ServiceTestEnv(int64_t max_import_bytes, std::size_t max_queued,
                               int max_watch_streams,
                               std::shared_ptr<grpc::ServerCredentials> credentials,
                               std::shared_ptr<grpc::ChannelCredentials> channel_credentials,
                               const grpc::ChannelArguments& channel_arguments)
    : handlers_(std::make_unique<service::HandlerPool>(service::HandlerPool::Options{
          .name = "handler", .threads = 2, .max_queued = max_queued})),
      long_handlers_(std::make_unique<service::HandlerPool>(service::HandlerPool::Options{
          .name = "RunSync", .threads = 2, .max_queued = max_queued})),
      cancel_handlers_(std::make_unique<service::HandlerPool>(service::HandlerPool::Options{
          .name = "CancelRun", .threads = 2, .max_queued = max_queued})) {
  catalog_service_ = std::make_unique<service::CatalogService>(
      catalog, sales, *handlers_,
      service::CatalogService::Options{.max_import_bytes = max_import_bytes});
  selection_service_ = std::make_unique<service::SelectionService>(
      sales, runs, *handlers_, *long_handlers_, *cancel_handlers_, max_watch_streams);
  auto server = service::GrpcServer::Start(
      {.listen = "127.0.0.1:0",
       .services = {catalog_service_.get(), selection_service_.get()},
       .service_names = {"champion.v1.CatalogService", "champion.v1.ModelSelectionService"},
       .credentials = std::move(credentials)});
  if (!server.ok()) throw std::runtime_error(server.status().ToString());
  server_ = *std::move(server);
  auto channel = grpc::CreateCustomChannel(
      absl::StrCat("127.0.0.1:", server_->port()),
      channel_credentials ? channel_credentials : grpc::InsecureChannelCredentials(),
      channel_arguments);
  catalog_stub = champion::v1::CatalogService::NewStub(channel);
  selection_stub = champion::v1::ModelSelectionService::NewStub(channel);
}

ServiceTestEnv::~ServiceTestEnv() {
  server_->Shutdown(absl::Seconds(1));
  server_->Wait();
}

std::unique_ptr<grpc::ClientContext> ServiceTestEnv::Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  context->AddMetadata("x-request-id", "test-request");
  return context;
}

std::vector<store::SalesRow> DailyRows(int days) {
  std::vector<store::SalesRow> rows;
  for (int i = 0; i < days; ++i) {
    rows.push_back({.date = absl::CivilDay(2024, 1, 1) + i, .quantity = 10.0 + i % 7});
  }
  return rows;
}

}  // namespace champion::testing
