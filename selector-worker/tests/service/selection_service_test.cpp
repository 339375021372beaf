#include "service/selection_service.h"

#include <catch2/catch.hpp>

#include "common/status_codes.h"
#include "engine/models/model_catalog.h"
#include "service/service_test_env.h"

namespace champion {
namespace {

namespace v1 = champion::v1;
using testing::ServiceTestEnv;

v1::PairAvailability Availability(ServiceTestEnv& env, int days, int horizon) {
  env.sales.series[{1, 1}] = testing::DailyRows(days);
  v1::GetAvailabilityRequest request;
  request.set_store_id(1);
  request.set_product_id(1);
  request.set_forecast_horizon(horizon);
  v1::PairAvailability response;
  const auto status =
      env.selection_stub->GetAvailability(ServiceTestEnv::Context().get(), request, &response);
  REQUIRE(status.ok());
  return response;
}

TEST_CASE("GetAvailability reports ready, limited and unusable pairs", "[grpc][service]") {
  ServiceTestEnv env;
  CHECK(Availability(env, 120, 14).status() == v1::AVAILABILITY_STATUS_READY);
  CHECK(Availability(env, 50, 14).status() == v1::AVAILABILITY_STATUS_LIMITED);
  const auto unusable = Availability(env, 20, 14);
  CHECK(unusable.status() == v1::AVAILABILITY_STATUS_UNUSABLE);
  CHECK(unusable.observed_days() == 20);
  CHECK(unusable.first_date() == "2024-01-01");
  CHECK(unusable.last_date() == "2024-01-20");
  CHECK(unusable.forecast_horizon() == 14);
  CHECK(unusable.required_days_limited() == 44);
  CHECK_FALSE(unusable.reason().empty());
}

TEST_CASE("GetAvailability names the demand pattern and the candidates to preselect",
          "[grpc][service]") {
  ServiceTestEnv env;
  const auto steady = Availability(env, 120, 14);  // Sales every day: smooth.
  CHECK(steady.demand_pattern() == v1::DEMAND_PATTERN_SMOOTH);
  CHECK(steady.adi() == 1.0);
  const std::vector<std::string> defaults = engine::DefaultCandidateModelTypes();
  CHECK(std::vector<std::string>(steady.recommended_candidate_model_types().begin(),
                                 steady.recommended_candidate_model_types().end()) == defaults);

  std::vector<store::SalesRow> sparse = testing::DailyRows(120);
  for (std::size_t i = 0; i < sparse.size(); ++i) sparse[i].quantity = i % 5 == 0 ? 3.0 : 0.0;
  env.sales.series[{1, 1}] = sparse;
  v1::GetAvailabilityRequest request;
  request.set_store_id(1);
  request.set_product_id(1);
  v1::PairAvailability slow;
  REQUIRE(
      env.selection_stub->GetAvailability(ServiceTestEnv::Context().get(), request, &slow).ok());
  CHECK(slow.demand_pattern() == v1::DEMAND_PATTERN_INTERMITTENT);
  CHECK(slow.adi() == 5.0);
  CHECK(slow.cv2() == 0.0);
  // The intermittent family in place of auto_arima, which assumes sales on most days.
  std::vector<std::string> expected = defaults;
  std::erase(expected, "auto_arima");
  expected.insert(expected.end(), {"croston", "adida", "imapa"});
  CHECK(std::vector<std::string>(slow.recommended_candidate_model_types().begin(),
                                 slow.recommended_candidate_model_types().end()) == expected);
  CHECK(slow.warnings(slow.warnings_size() - 1).find("fragile") != std::string::npos);
}

TEST_CASE("GetAvailability rejects bad fields all at once", "[grpc][service]") {
  ServiceTestEnv env;
  v1::GetAvailabilityRequest request;
  request.set_store_id(0);
  request.set_product_id(-1);
  request.set_forecast_horizon(91);
  request.mutable_split_config()->set_n_splits(1);
  v1::PairAvailability response;
  const auto status =
      env.selection_stub->GetAvailability(ServiceTestEnv::Context().get(), request, &response);
  REQUIRE(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields;
  for (const auto& v : GetFieldViolations(FromGrpcStatus(status))) fields.push_back(v.field);
  CHECK(fields == std::vector<std::string>{"store_id", "product_id", "forecast_horizon",
                                           "split_config.n_splits"});
}

TEST_CASE("GetAvailability of an unknown pair is NOT_FOUND", "[grpc][service]") {
  ServiceTestEnv env;
  v1::GetAvailabilityRequest request;
  request.set_store_id(5);
  request.set_product_id(5);
  v1::PairAvailability response;
  CHECK(env.selection_stub->GetAvailability(ServiceTestEnv::Context().get(), request, &response)
            .error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("ListModels serves the whole engine catalog", "[grpc][service]") {
  ServiceTestEnv env;
  v1::ListModelsResponse response;
  REQUIRE(env.selection_stub
              ->ListModels(ServiceTestEnv::Context().get(), v1::ListModelsRequest(), &response)
              .ok());
  REQUIRE(response.models_size() == static_cast<int>(engine::ModelCatalog().size()));
  const v1::ModelInfo* moving_average = nullptr;
  for (const auto& m : response.models()) {
    if (m.model_type() == "moving_average") moving_average = &m;
  }
  REQUIRE(moving_average != nullptr);
  CHECK(moving_average->family() == "baseline");
  REQUIRE(moving_average->param_schema_size() == 1);
  const auto& window = moving_average->param_schema(0);
  CHECK(window.name() == "window_size");
  CHECK(window.type() == "integer");
  CHECK(window.minimum() == 1);
  CHECK(window.maximum() == 90);
  CHECK(window.default_value().number_value() == 7);
  CHECK(moving_average->default_params().fields().at("window_size").number_value() == 7);
  CHECK(response.default_candidate_model_types(0) == "naive");
}

}  // namespace
}  // namespace champion
