#pragma once

// The REST routes, read at start-up from the google.api.http rules and the
// champion.v1.http_extras option of the services' method descriptors. No route is
// hard-coded: a new annotated RPC is served without gateway changes.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "champion/v1/options.pb.h"
#include "google/protobuf/descriptor.h"
#include "transcode/path_template.h"

namespace champion::gateway {

struct Route {
  std::string http_method;  //!< "GET", "POST", "PUT", "PATCH", "DELETE" or a custom kind
  PathTemplate path;
  const google::protobuf::MethodDescriptor* method = nullptr;
  std::string rpc_path;       //!< "/champion.v1.ModelSelectionService/SubmitRun"
  std::string body;           //!< "" (no body), "*" (whole request) or a field name
  std::string response_body;  //!< "" (whole response) or a response field name
  champion::v1::HttpExtras extras;
};

struct RouteLookup {
  enum class Result { kFound, kNotFound, kMethodNotAllowed };
  Result result = Result::kNotFound;
  const Route* route = nullptr;       //!< kFound
  std::vector<PathBinding> bindings;  //!< kFound
  std::vector<std::string> allowed;   //!< kMethodNotAllowed: methods of that path, sorted
};

class RouteTable {
 public:
  //! Reads every method of `service_names` (fully qualified) from `pool`, including
  //! additional_bindings. Fails on an unknown service, a bad template, a body or path
  //! variable naming no field, or two rules with the same method and path shape.
  static absl::StatusOr<std::unique_ptr<RouteTable>> Create(
      const google::protobuf::DescriptorPool& pool, const std::vector<std::string>& service_names);

  //! The route for a request. Among the templates matching `path` (raw, without query),
  //! the most specific one wins (literal > "*" > "**", segment by segment), so
  //! "/model-selection/runs" never binds {selection_id}. A path that matches but not with
  //! `method` gives kMethodNotAllowed with the methods that template accepts.
  //! Thread-safe (immutable after Create).
  RouteLookup Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace champion::gateway
