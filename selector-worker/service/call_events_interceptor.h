#pragma once

// A server interceptor that reports every call's method, status code and duration to
// ServiceEvents, whatever the handler (unary, streaming, health, reflection).

#include <string_view>
#include <utility>

#include "grpcpp/support/server_interceptor.h"
#include "service/service_events.h"

namespace champion::service {

//! "/pkg.Service/Method" -> {"pkg.Service", "Method"}; anything else -> {"unknown", path}.
std::pair<std::string_view, std::string_view> SplitMethodPath(std::string_view path);

class CallEventsInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  //! `events` is borrowed and must outlive every server built with this factory.
  explicit CallEventsInterceptorFactory(ServiceEvents* events) : events_(events) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  ServiceEvents* events_;
};

}  // namespace champion::service
