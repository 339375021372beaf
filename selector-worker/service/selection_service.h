#pragma once

// champion.v1.ModelSelectionService. Methods not overridden here answer UNIMPLEMENTED
// (the generated base class does that) until the runs layer provides them.

#include "champion/v1/selection.grpc.pb.h"
#include "service/handler_pool.h"
#include "store/sales_repository.h"

namespace champion::service {

class SelectionService final : public champion::v1::ModelSelectionService::CallbackService {
 public:
  //! Borrows every argument; they must outlive the service.
  SelectionService(store::SalesRepository& sales, HandlerPool& pool) : sales_(sales), pool_(pool) {}

  grpc::ServerUnaryReactor* GetAvailability(grpc::CallbackServerContext* context,
                                            const champion::v1::GetAvailabilityRequest* request,
                                            champion::v1::PairAvailability* response) override;
  grpc::ServerUnaryReactor* ListModels(grpc::CallbackServerContext* context,
                                       const champion::v1::ListModelsRequest* request,
                                       champion::v1::ListModelsResponse* response) override;

 private:
  store::SalesRepository& sales_;
  HandlerPool& pool_;
};

}  // namespace champion::service
