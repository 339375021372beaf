#pragma once

// What the gateway serves: the champion.v1 services exposed over REST, whose routes (and
// required scopes) come from the generated descriptors.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "transcode/route_table.h"

namespace champion::gateway {

//! The fully qualified names of the services exposed over REST.
const std::vector<std::string>& ServedServices();

//! References the generated descriptors, which pulls their objects out of the static library
//! and so registers the proto files in the generated pool. Call before reading the pool.
void EnsureContractLinked();

//! The routes of ServedServices() from the generated pool (EnsureContractLinked first).
absl::StatusOr<std::unique_ptr<RouteTable>> CreateServedRouteTable();

}  // namespace champion::gateway
