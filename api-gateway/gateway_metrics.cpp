#include "gateway_metrics.h"

#include "absl/strings/str_cat.h"
#include "common/status_codes.h"
#include "prometheus/text_serializer.h"

namespace champion::gateway {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const prometheus::Histogram::BucketBoundaries buckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  return buckets;
}

// "/champion.v1.ModelSelectionService/GetRun" -> "ModelSelectionService/GetRun".
std::string ShortMethod(std::string_view rpc_path) {
  const std::size_t dot = rpc_path.rfind('.', rpc_path.rfind('/'));
  return std::string(dot == std::string_view::npos ? rpc_path : rpc_path.substr(dot + 1));
}

}  // namespace

GatewayMetrics::GatewayMetrics()
    : requests_(BuildCounter()
                    .Name("champion_http_requests_total")
                    .Help("HTTP requests answered, by route, method and status")
                    .Register(registry_)),
      request_seconds_(BuildHistogram()
                           .Name("champion_http_request_duration_seconds")
                           .Help("From a request's headers to the end of its answer (an event "
                                 "stream: to its end)")
                           .Register(registry_)),
      open_connections_(BuildGauge()
                            .Name("champion_http_open_connections")
                            .Help("Client connections open now")
                            .Register(registry_)
                            .Add({})),
      open_streams_(BuildGauge()
                        .Name("champion_sse_open_streams")
                        .Help("Server-sent event streams open now")
                        .Register(registry_)
                        .Add({})),
      upstream_errors_(BuildCounter()
                           .Name("champion_upstream_errors_total")
                           .Help("Non-OK answers of the selector-worker, by method and code")
                           .Register(registry_)),
      draining_(BuildGauge()
                    .Name("champion_gateway_draining")
                    .Help("1 while the gateway drains after SIGTERM")
                    .Register(registry_)
                    .Add({})) {}

std::string GatewayMetrics::Text() const {
  return prometheus::TextSerializer().Serialize(registry_.Collect());
}

void GatewayMetrics::SetDraining(bool draining) { draining_.Set(draining ? 1 : 0); }

void GatewayMetrics::RequestDone(std::string_view route, std::string_view method, int status,
                                 absl::Duration took) {
  const std::string route_label(route);
  const std::string method_label(method);
  requests_
      .Add({{"route", route_label}, {"method", method_label}, {"status", absl::StrCat(status)}})
      .Increment();
  request_seconds_.Add({{"route", route_label}, {"method", method_label}}, LatencyBuckets())
      .Observe(absl::ToDoubleSeconds(took));
}

void GatewayMetrics::UpstreamFailed(std::string_view rpc_path, grpc::StatusCode code) {
  upstream_errors_.Add({{"grpc_method", ShortMethod(rpc_path)}, {"grpc_code", GrpcCodeName(code)}})
      .Increment();
}

}  // namespace champion::gateway
