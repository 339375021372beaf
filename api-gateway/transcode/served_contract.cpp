#include "transcode/served_contract.h"

#include "champion/v1/catalog.pb.h"
#include "champion/v1/options.pb.h"
#include "champion/v1/selection.pb.h"
#include "google/protobuf/descriptor.h"

namespace champion::gateway {

const std::vector<std::string>& ServedServices() {
  static const std::vector<std::string> services = {"champion.v1.ModelSelectionService",
                                                    "champion.v1.CatalogService"};
  return services;
}

void EnsureContractLinked() {
  (void)champion::v1::RunSelectionRequest::descriptor();
  (void)champion::v1::ImportSalesRequest::descriptor();
  (void)champion::v1::HttpExtras::descriptor();
}

absl::StatusOr<std::unique_ptr<RouteTable>> CreateServedRouteTable() {
  EnsureContractLinked();
  return RouteTable::Create(*google::protobuf::DescriptorPool::generated_pool(), ServedServices());
}

}  // namespace champion::gateway
