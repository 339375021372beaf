#pragma once

// Serves one matched REST route by calling the worker: request transcoding, the gRPC
// call (unary, client stream, server stream), and the answer (JSON with the route's
// success status, Location and Retry-After; SSE for http_extras.server_sent_events;
// problem+json on any error).

#include <memory>
#include <vector>

#include "absl/time/time.h"
#include "http/concurrency_limit.h"
#include "http/exchange.h"
#include "http/http_events.h"
#include "http/http_message.h"
#include "transcode/route_table.h"
#include "upstream/worker_client.h"

namespace champion::gateway {

struct ApiHandlerOptions {
  //! gRPC deadline of unary and client-streaming calls (not of SSE streams).
  absl::Duration request_timeout = absl::Seconds(60);
  //! Size of each message's raw-body chunk in a client stream (ImportSales csv_chunk).
  size_t raw_body_chunk_bytes = 64 * 1024;
  //! SSE heartbeat when the route's sse_heartbeat_seconds is 0.
  absl::Duration default_heartbeat = absl::Seconds(15);
  //! When positive, the SSE heartbeat of every route (the operator's --sse_heartbeat).
  absl::Duration heartbeat_override = absl::ZeroDuration();
  //! Event streams open at once (each holds a gRPC stream to the worker); further ones
  //! are answered 503 with Retry-After: kStreamsFullRetryAfterSeconds.
  int max_event_streams = 256;
  //! Hears of the worker's errors; borrowed, never null.
  HttpEvents* events = &NoHttpEvents();
};

inline constexpr int kStreamsFullRetryAfterSeconds = 5;

class ApiHandler {
 public:
  //! `worker` is borrowed and must outlive every call started here.
  ApiHandler(WorkerClient* worker, ApiHandlerOptions options)
      : worker_(worker), options_(options), event_streams_(options.max_event_streams) {}

  //! Answers `request` on `exchange` (possibly later, from a gRPC thread). For an SSE
  //! route it registers a client-gone callback that cancels only this gRPC stream; with
  //! max_event_streams open it answers 503 instead, calling nothing.
  //! Never throws out of a callback. Thread-safe.
  void Handle(const HttpRequest& request, const Route& route,
              const std::vector<PathBinding>& bindings,
              const std::shared_ptr<Exchange>& exchange) const;

 private:
  void CallUnary(const HttpRequest& request, const Route& route, std::string payload,
                 const std::shared_ptr<Exchange>& exchange) const;
  void CallStream(const HttpRequest& request, const Route& route,
                  WorkerClient::RequestSource source,
                  const std::shared_ptr<Exchange>& exchange) const;
  void CallEvents(const HttpRequest& request, const Route& route,
                  WorkerClient::RequestSource source,
                  const std::shared_ptr<Exchange>& exchange) const;

  WorkerClient* worker_;
  ApiHandlerOptions options_;
  mutable ConcurrencyLimit event_streams_;  // a slot per open event stream
};

}  // namespace champion::gateway
