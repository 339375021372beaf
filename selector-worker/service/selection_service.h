#pragma once

// champion.v1.ModelSelectionService: availability, the model catalog, and the run
// lifecycle (submit, synchronous run, read, list, ranking, watch, cancel). Thin: validate,
// call the runs layer, map back.

#include <atomic>
#include <memory>

#include "champion/v1/selection.grpc.pb.h"
#include "runs/run_manager.h"
#include "service/handler_pool.h"
#include "store/sales_repository.h"

namespace champion::service {

class SelectionService final : public champion::v1::ModelSelectionService::CallbackService {
 public:
  //! Borrows every argument; they must outlive the service. `pool` runs short handler work;
  //! `long_pool` runs RunSync, which waits for backtests; `cancel_pool` runs CancelRun (it
  //! waits for the drain), apart, so that a cancel never waits behind other work.
  //! At most `max_watch_streams` WatchRun streams are open at once; more are refused with
  //! RESOURCE_EXHAUSTED and a retry delay.
  SelectionService(store::SalesRepository& sales, runs::RunManager& runs, HandlerPool& pool,
                   HandlerPool& long_pool, HandlerPool& cancel_pool, int max_watch_streams = 1024)
      : sales_(sales),
        runs_(runs),
        pool_(pool),
        long_pool_(long_pool),
        cancel_pool_(cancel_pool),
        max_watch_streams_(max_watch_streams) {}

  grpc::ServerUnaryReactor* GetAvailability(grpc::CallbackServerContext* context,
                                            const champion::v1::GetAvailabilityRequest* request,
                                            champion::v1::PairAvailability* response) override;
  grpc::ServerUnaryReactor* ListModels(grpc::CallbackServerContext* context,
                                       const champion::v1::ListModelsRequest* request,
                                       champion::v1::ListModelsResponse* response) override;
  grpc::ServerUnaryReactor* SubmitRun(grpc::CallbackServerContext* context,
                                      const champion::v1::RunSelectionRequest* request,
                                      champion::v1::Run* response) override;
  grpc::ServerUnaryReactor* RunSync(grpc::CallbackServerContext* context,
                                    const champion::v1::RunSelectionRequest* request,
                                    champion::v1::Run* response) override;
  grpc::ServerUnaryReactor* ListRuns(grpc::CallbackServerContext* context,
                                     const champion::v1::ListRunsRequest* request,
                                     champion::v1::ListRunsResponse* response) override;
  grpc::ServerUnaryReactor* GetRun(grpc::CallbackServerContext* context,
                                   const champion::v1::GetRunRequest* request,
                                   champion::v1::Run* response) override;
  grpc::ServerUnaryReactor* GetRanking(grpc::CallbackServerContext* context,
                                       const champion::v1::GetRankingRequest* request,
                                       champion::v1::Ranking* response) override;
  grpc::ServerWriteReactor<champion::v1::Run>* WatchRun(
      grpc::CallbackServerContext* context, const champion::v1::WatchRunRequest* request) override;
  grpc::ServerUnaryReactor* CancelRun(grpc::CallbackServerContext* context,
                                      const champion::v1::CancelRunRequest* request,
                                      champion::v1::Run* response) override;

 private:
  store::SalesRepository& sales_;
  runs::RunManager& runs_;
  HandlerPool& pool_;
  HandlerPool& long_pool_;
  HandlerPool& cancel_pool_;
  const int max_watch_streams_;
  //! Open WatchRun streams; shared with each stream's slot, which may outlive the service.
  std::shared_ptr<std::atomic<int>> watch_streams_ = std::make_shared<std::atomic<int>>(0);
};

}  // namespace champion::service
