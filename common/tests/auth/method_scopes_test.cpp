#include "common/auth/method_scopes.h"

#include <catch2/catch.hpp>

#include "champion/v1/catalog.pb.h"
#include "champion/v1/selection.pb.h"

namespace champion::auth {
namespace {

MethodScopes Table() {
  (void)champion::v1::ImportSalesRequest::descriptor();
  (void)champion::v1::RunSelectionRequest::descriptor();
  auto table = MethodScopes::FromDescriptors(
      *google::protobuf::DescriptorPool::generated_pool(),
      {"champion.v1.CatalogService", "champion.v1.ModelSelectionService"});
  REQUIRE(table.ok());
  return *std::move(table);
}

}  // namespace

TEST_CASE("Every champion.v1 method requires the scope its proto declares", "[unit][auth]") {
  const MethodScopes table = Table();
  CHECK(table.Required("/champion.v1.CatalogService/ListStores") == Scope::kDataRead);
  CHECK(table.Required("/champion.v1.CatalogService/ImportSales") == Scope::kDataWrite);
  CHECK(table.Required("/champion.v1.ModelSelectionService/GetAvailability") == Scope::kDataRead);
  CHECK(table.Required("/champion.v1.ModelSelectionService/ListModels") == Scope::kDataRead);
  CHECK(table.Required("/champion.v1.ModelSelectionService/SubmitRun") == Scope::kRunsWrite);
  CHECK(table.Required("/champion.v1.ModelSelectionService/RunSync") == Scope::kRunsWrite);
  CHECK(table.Required("/champion.v1.ModelSelectionService/CancelRun") == Scope::kRunsWrite);
  CHECK(table.Required("/champion.v1.ModelSelectionService/WatchRun") == Scope::kRunsRead);
  CHECK(table.Required("/champion.v1.ModelSelectionService/GetRanking") == Scope::kRunsRead);
}

TEST_CASE("Health is public, reflection and unknown methods need admin", "[unit][auth]") {
  const MethodScopes table = Table();
  CHECK_FALSE(table.Required("/grpc.health.v1.Health/Check").has_value());
  CHECK_FALSE(table.Required("/grpc.health.v1.Health/Watch").has_value());
  CHECK(table.Required("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo") ==
        Scope::kAdmin);
  CHECK(table.Required("/champion.v1.CatalogService/DropEverything") == Scope::kAdmin);
  CHECK(table.Required("") == Scope::kAdmin);
}

TEST_CASE("A service that is not linked is an error", "[unit][auth]") {
  auto table = MethodScopes::FromDescriptors(*google::protobuf::DescriptorPool::generated_pool(),
                                             {"champion.v1.NoSuchService"});
  CHECK(table.status().code() == absl::StatusCode::kNotFound);
}

}  // namespace champion::auth
