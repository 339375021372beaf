#include "service/call_events_interceptor.h"

#include "absl/time/clock.h"

namespace champion::service {
namespace {

using grpc::experimental::InterceptionHookPoints;

class CallEventsInterceptor : public grpc::experimental::Interceptor {
 public:
  CallEventsInterceptor(ServiceEvents* events, std::string_view path)
      : events_(events), path_(path), started_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const auto [service, method] = SplitMethodPath(path_);
      events_->CallHandled(service, method, methods->GetSendStatus().error_code(),
                           absl::Now() - started_);
    }
    methods->Proceed();
  }

 private:
  ServiceEvents* events_;
  std::string_view path_;  // gRPC keeps the method name for the call's lifetime
  absl::Time started_;
};

}  // namespace

std::pair<std::string_view, std::string_view> SplitMethodPath(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  if (path.size() < 4 || path.front() != '/' || slash == 0 || slash + 1 >= path.size()) {
    return {"unknown", path};
  }
  return {path.substr(1, slash - 1), path.substr(slash + 1)};
}

grpc::experimental::Interceptor* CallEventsInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallEventsInterceptor(events_, info->method() != nullptr ? info->method() : "");
}

}  // namespace champion::service
