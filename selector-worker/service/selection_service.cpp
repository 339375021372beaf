#include "service/selection_service.h"

#include "absl/strings/str_cat.h"
#include "common/status_codes.h"
#include "common/status_macros.h"
#include "engine/models/model_catalog.h"
#include "engine/series/availability.h"
#include "service/call_context.h"
#include "service/proto_mapping.h"
#include "service/request_limits.h"
#include "service/request_validation.h"
#include "service/run_mapping.h"
#include "service/run_request_validation.h"
#include "service/watch_run_reactor.h"

namespace champion::service {
namespace {

namespace v1 = champion::v1;

std::vector<engine::SalesRow> ToEngineRows(const std::vector<store::SalesRow>& rows) {
  std::vector<engine::SalesRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({.date = r.date,
                   .quantity = r.quantity,
                   .unit_price = r.unit_price,
                   .promo_active = r.promo_active});
  }
  return out;
}

// Selection ids are 32 lowercase hex digits; anything else is a malformed request (400),
// not a run that does not exist (404).
absl::Status CheckSelectionId(const std::string& id) {
  const bool well_formed =
      id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (well_formed) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("selection_id ", Echo(id), " is not a run id (32 lowercase hex digits)"));
}

constexpr int kDefaultRunPageSize = 20;
constexpr int kMaxRunPageSize = 100;

}  // namespace

grpc::ServerUnaryReactor* SelectionService::GetAvailability(
    grpc::CallbackServerContext* context, const v1::GetAvailabilityRequest* request,
    v1::PairAvailability* response) {
  return RunUnary(context, pool_, "GetAvailability", [this, request, response]() -> absl::Status {
    auto options = ValidateAvailabilityRequest(*request);
    if (!options.ok()) return options.status();
    auto rows = sales_.GetSales({request->store_id(), request->product_id()});
    if (!rows.ok()) return rows.status();
    auto availability = engine::ComputeAvailability(ToEngineRows(*rows), *options);
    if (!availability.ok()) return availability.status();
    ToProto(*availability, *options, response);
    response->set_store_id(request->store_id());
    response->set_product_id(request->product_id());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SelectionService::ListModels(grpc::CallbackServerContext* context,
                                                       const v1::ListModelsRequest* /*request*/,
                                                       v1::ListModelsResponse* response) {
  // Pure and in memory: no need for the handler pool.
  for (const auto& model : engine::ModelCatalog()) ToProto(model, response->add_models());
  for (const auto& type : engine::DefaultCandidateModelTypes()) {
    response->add_default_candidate_model_types(type);
  }
  LogCall("ListModels", CallLabel(context), absl::OkStatus(), 0);
  auto* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerUnaryReactor* SelectionService::SubmitRun(grpc::CallbackServerContext* context,
                                                      const v1::RunSelectionRequest* request,
                                                      v1::Run* response) {
  return RunUnary(context, pool_, "SubmitRun",
                  [this, context, request, response]() -> absl::Status {
                    auto spec = ValidateRunRequest(*request);
                    if (!spec.ok()) return spec.status();
                    spec->requested_by = CallerIdentity(context);
                    auto run = runs_.Submit(*spec);
                    if (!run.ok()) return run.status();
                    ToProto(*run, response);
                    return absl::OkStatus();
                  });
}

grpc::ServerUnaryReactor* SelectionService::RunSync(grpc::CallbackServerContext* context,
                                                    const v1::RunSelectionRequest* request,
                                                    v1::Run* response) {
  return RunUnary(context, long_pool_, "RunSync",
                  [this, context, request, response]() -> absl::Status {
                    auto spec = ValidateRunRequest(*request);
                    if (!spec.ok()) return spec.status();
                    spec->requested_by = CallerIdentity(context);
                    // The deadline passing or the client leaving cancels the call, and so the run.
                    auto run = runs_.RunSync(*spec, [context] { return context->IsCancelled(); });
                    if (!run.ok()) return run.status();
                    ToProto(*run, response);
                    return absl::OkStatus();
                  });
}

grpc::ServerUnaryReactor* SelectionService::ListRuns(grpc::CallbackServerContext* context,
                                                     const v1::ListRunsRequest* request,
                                                     v1::ListRunsResponse* response) {
  return RunUnary(context, pool_, "ListRuns", [this, request, response]() -> absl::Status {
    ASSIGN_OR_RETURN(const int page_size,
                     PageSize(request->page_size(), kDefaultRunPageSize, kMaxRunPageSize));
    ASSIGN_OR_RETURN(const DayRange created, ValidateListRunsRequest(*request));
    runs::RunFilter filter;
    filter.created_from = created.from;
    filter.created_to = created.to;
    if (request->has_store_id()) filter.store_id = request->store_id();
    if (request->has_product_id()) filter.product_id = request->product_id();
    if (request->status() != v1::RUN_STATE_UNSPECIFIED) {
      filter.status = FromProto(request->status());
      if (!filter.status) {
        return InvalidFields("invalid status", {{"status", "is not a known run state"}});
      }
    }
    filter.page_size = page_size;
    filter.page_token = request->page_token();
    auto page = runs_.List(filter);
    if (!page.ok()) return page.status();
    for (const auto& run : page->runs) ToSummaryProto(run, response->add_runs());
    response->set_next_page_token(page->next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SelectionService::GetRun(grpc::CallbackServerContext* context,
                                                   const v1::GetRunRequest* request,
                                                   v1::Run* response) {
  return RunUnary(context, pool_, "GetRun", [this, request, response]() -> absl::Status {
    if (auto s = CheckSelectionId(request->selection_id()); !s.ok()) return s;
    auto run = runs_.Get(request->selection_id());
    if (!run.ok()) return run.status();
    ToProto(*run, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SelectionService::GetRanking(grpc::CallbackServerContext* context,
                                                       const v1::GetRankingRequest* request,
                                                       v1::Ranking* response) {
  return RunUnary(context, pool_, "GetRanking", [this, request, response]() -> absl::Status {
    if (auto s = CheckSelectionId(request->selection_id()); !s.ok()) return s;
    auto run = runs_.Get(request->selection_id());
    if (!run.ok()) return run.status();
    ToRankingProto(*run, response);
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::Run>* SelectionService::WatchRun(grpc::CallbackServerContext* context,
                                                              const v1::WatchRunRequest* request) {
  if (absl::Status s = CheckSelectionId(request->selection_id()); !s.ok()) {
    LogCall("WatchRun", CallLabel(context), s, 0);
    return new RejectedWriteReactor<v1::Run>(ToGrpc(s));
  }
  StreamSlot slot(watch_streams_);
  if (slot.count() > max_watch_streams_) {
    const absl::Status busy =
        Busy(absl::StrCat("too many open WatchRun streams (", max_watch_streams_,
                          "); retry later or poll GetRun"),
             absl::Seconds(1));
    LogCall("WatchRun", CallLabel(context), busy, 0);
    return new RejectedWriteReactor<v1::Run>(ToGrpc(busy));
  }
  return new WatchRunReactor(context, runs_, pool_, request->selection_id(), std::move(slot));
}

grpc::ServerUnaryReactor* SelectionService::CancelRun(grpc::CallbackServerContext* context,
                                                      const v1::CancelRunRequest* request,
                                                      v1::Run* response) {
  return RunUnary(context, cancel_pool_, "CancelRun", [this, request, response]() -> absl::Status {
    if (auto s = CheckSelectionId(request->selection_id()); !s.ok()) return s;
    auto run = runs_.Cancel(request->selection_id());
    if (!run.ok()) return run.status();
    ToProto(*run, response);
    return absl::OkStatus();
  });
}

}  // namespace champion::service
