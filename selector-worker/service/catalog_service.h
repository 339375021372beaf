#pragma once

// champion.v1.CatalogService: stores, products, sales series and the CSV import. A thin
// adapter: validate, call the store layer, map back.

#include "champion/v1/catalog.grpc.pb.h"
#include "service/handler_pool.h"
#include "service/service_events.h"
#include "store/catalog_repository.h"
#include "store/sales_repository.h"

namespace champion::service {

class CatalogService final : public champion::v1::CatalogService::CallbackService {
 public:
  struct Options {
    //! Largest CSV ImportSales accepts; a larger stream fails RESOURCE_EXHAUSTED.
    int64_t max_import_bytes = 64 << 20;
    //! Hears of imported and refused rows; borrowed, never null.
    ServiceEvents* events = &NoServiceEvents();
  };

  //! Borrows every argument; they must outlive the service.
  CatalogService(store::CatalogRepository& catalog, store::SalesRepository& sales,
                 HandlerPool& pool, Options options)
      : catalog_(catalog), sales_(sales), pool_(pool), options_(options) {}

  grpc::ServerUnaryReactor* ListStores(grpc::CallbackServerContext* context,
                                       const champion::v1::ListStoresRequest* request,
                                       champion::v1::ListStoresResponse* response) override;
  grpc::ServerUnaryReactor* ListProducts(grpc::CallbackServerContext* context,
                                         const champion::v1::ListProductsRequest* request,
                                         champion::v1::ListProductsResponse* response) override;
  grpc::ServerUnaryReactor* GetSales(grpc::CallbackServerContext* context,
                                     const champion::v1::GetSalesRequest* request,
                                     champion::v1::GetSalesResponse* response) override;
  grpc::ServerReadReactor<champion::v1::ImportSalesRequest>* ImportSales(
      grpc::CallbackServerContext* context, champion::v1::ImportSalesResponse* response) override;

 private:
  store::CatalogRepository& catalog_;
  store::SalesRepository& sales_;
  HandlerPool& pool_;
  Options options_;
};

}  // namespace champion::service
