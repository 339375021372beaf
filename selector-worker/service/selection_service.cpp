#include "service/selection_service.h"

#include "engine/availability.h"
#include "engine/model_catalog.h"
#include "service/call_context.h"
#include "service/proto_mapping.h"
#include "service/request_validation.h"

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
  LogCall("ListModels", RequestId(context), absl::OkStatus(), 0);
  auto* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace champion::service
