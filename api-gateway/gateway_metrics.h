#pragma once

// The gateway's Prometheus metrics (docs/OPERATIONS.md "Metrics"): what the HTTP layer
// reports, in the text format GET /metrics serves.

#include <string>

#include "http/http_events.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace champion::gateway {

//! Thread-safe.
class GatewayMetrics final : public HttpEvents {
 public:
  GatewayMetrics();

  //! Everything, in the Prometheus text format (version 0.0.4).
  std::string Text() const;
  void SetDraining(bool draining);

  // HttpEvents
  void ConnectionOpened() override { open_connections_.Increment(); }
  void ConnectionClosed() override { open_connections_.Decrement(); }
  void StreamOpened() override { open_streams_.Increment(); }
  void StreamClosed() override { open_streams_.Decrement(); }
  void RequestDone(std::string_view route, std::string_view method, int status,
                   absl::Duration took) override;
  void UpstreamFailed(std::string_view rpc_path, grpc::StatusCode code) override;

 private:
  prometheus::Registry registry_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& request_seconds_;
  prometheus::Gauge& open_connections_;
  prometheus::Gauge& open_streams_;
  prometheus::Family<prometheus::Counter>& upstream_errors_;
  prometheus::Gauge& draining_;
};

}  // namespace champion::gateway
