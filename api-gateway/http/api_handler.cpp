#include "http/api_handler.h"

#include <exception>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "google/protobuf/message.h"
#include "http/sse_writer.h"
#include "problem/grpc_problem.h"
#include "problem/problem_json.h"
#include "spdlog/spdlog.h"
#include "transcode/field_setter.h"
#include "transcode/json_printer.h"
#include "transcode/request_transcoder.h"
#include "transcode/stream_events.h"

namespace champion::gateway {
namespace {

// An event stream's reconnection delay, sent first (`retry:`): long enough that a fleet of
// dashboards reconnecting after a restart does not stampede the gateway.
constexpr int kSseRetryMs = 3000;

using google::protobuf::Message;

// Everything a worker callback needs after the HTTP request object is gone.
struct CallContext {
  std::string path;
  std::string request_id;
  const Route* route;
  std::shared_ptr<Exchange> exchange;
  HttpEvents* events;

  // A failure found here (bad request, unparsable answer).
  void Fail(const absl::Status& status) const {
    const Problem problem = ProblemFromStatus(status, path, request_id);
    if (problem.status >= 500) LogHidden(CodeName(status.code()), std::string(status.message()));
    exchange->Respond(ProblemResponse(problem));
  }
  // The worker's final status.
  void FailCall(const grpc::Status& status) const {
    exchange->Respond(ProblemResponse(ProblemForCall(status)));
  }
  Problem ProblemForCall(const grpc::Status& status) const {
    events->UpstreamFailed(route->rpc_path, status.error_code());
    Problem problem = ProblemFromGrpcStatus(status, path, request_id);
    if (problem.status >= 500 || problem.status == 413) {
      LogHidden(CodeName(static_cast<absl::StatusCode>(status.error_code())),
                status.error_message());
    }
    return problem;
  }
  // What the client does not see goes to the log, bounded (it may echo request values).
  void LogHidden(std::string_view code, std::string_view message) const {
    spdlog::warn("request_id={} {}: {} {}", request_id, TruncateForClient(path), code,
                 TruncateForClient(message, 1024));
  }
};

absl::StatusOr<std::unique_ptr<Message>> ParseResponse(const Route& route,
                                                       const std::string& bytes) {
  const auto* prototype = google::protobuf::MessageFactory::generated_factory()->GetPrototype(
      route.method->output_type());
  std::unique_ptr<Message> message(prototype->New());
  if (!message->ParseFromString(bytes)) {
    return absl::InternalError(
        absl::StrCat("unparsable ", route.method->output_type()->full_name(), " from the worker"));
  }
  return message;
}

// The success answer for one response message.
absl::StatusOr<HttpResponse> SuccessResponse(const Route& route, const std::string& bytes) {
  auto message = ParseResponse(route, bytes);
  if (!message.ok()) return message.status();
  auto body = PrintMessageJson(**message, route.response_body);
  if (!body.ok()) return body.status();
  HttpResponse response = JsonResponse(
      route.extras.success_status() != 0 ? route.extras.success_status() : 200, *std::move(body));
  if (!route.extras.location_template().empty()) {
    auto location = ExpandTemplate(route.extras.location_template(), **message);
    if (!location.ok()) return location.status();
    response.SetHeader("Location", *std::move(location));
  }
  if (route.extras.retry_after_seconds() > 0) {
    response.SetHeader("Retry-After", absl::StrCat(route.extras.retry_after_seconds()));
  }
  return response;
}

// Callbacks run on gRPC threads: nothing may escape them.
template <typename F>
void Guarded(const CallContext& ctx, F&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    spdlog::error("request_id={} {}: {}", ctx.request_id, ctx.path, e.what());
    ctx.Fail(absl::InternalError("internal error"));
  }
}

// The answer when max_event_streams are open: the client may poll the run instead.
HttpResponse StreamsFull(int max_streams, const HttpRequest& request) {
  Problem problem = MakeProblem(503, "UNAVAILABLE",
                                absl::StrCat("the gateway has ", max_streams,
                                             " open event streams; try again later or poll "
                                             "the run"),
                                request.path, request.request_id);
  problem.retry_after_seconds = kStreamsFullRetryAfterSeconds;
  return ProblemResponse(problem);
}

// Cancels a stream that may not have been created yet when the client leaves.
struct CancelSlot {
  absl::Mutex mu;
  std::shared_ptr<StreamCall> call ABSL_GUARDED_BY(mu);
  bool cancelled ABSL_GUARDED_BY(mu) = false;

  void Set(std::shared_ptr<StreamCall> c) {
    absl::MutexLock lock(&mu);
    call = std::move(c);
    if (cancelled) call->Cancel();
  }
  void Cancel() {
    absl::MutexLock lock(&mu);
    cancelled = true;
    if (call) call->Cancel();
  }
};

}  // namespace

void ApiHandler::Handle(const HttpRequest& request, const Route& route,
                        const std::vector<PathBinding>& bindings,
                        const std::shared_ptr<Exchange>& exchange) const {
  const CallContext ctx{request.path, request.request_id, &route, exchange, options_.events};
  const std::string_view content_type = request.Header("Content-Type");
  const bool raw = route.extras.raw_body();
  const bool has_body = !request.body.empty();
  // A request that carries a body by nature must say it is JSON, even with no body: a
  // cross-site page can POST text/plain, form or untyped bodies without a CORS preflight,
  // never JSON. (DELETE and custom methods cannot be sent cross-site without a preflight.)
  const bool state_changing =
      request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
  if ((raw && !IsAcceptedRawContentType(route, content_type)) ||
      (!raw && ((has_body && !route.body.empty()) || state_changing) &&
       !IsJsonContentType(content_type))) {
    const std::string expected =
        raw ? absl::StrJoin(route.extras.raw_body_content_types(), ", ") : "application/json";
    exchange->Respond(
        ProblemResponse(MakeProblem(415, "UNSUPPORTED_MEDIA_TYPE",
                                    absl::StrCat("Content-Type \"", TruncateForClient(content_type),
                                                 "\" is not accepted; send ", expected),
                                    request.path, request.request_id)));
    return;
  }
  auto message = BuildRequestMessage(route, bindings, request.query, request.body);
  if (!message.ok()) return ctx.Fail(message.status());
  const auto* method = route.method;
  if (raw && method->client_streaming()) {
    auto stream = std::make_shared<RawBodyStream>(route, *std::move(message), request.body,
                                                  options_.raw_body_chunk_bytes);
    return CallStream(
        request, route, [stream] { return stream->Next(); }, exchange);
  }
  if (raw) {
    if (auto st = SetRawBody(route, message->get(), request.body); !st.ok()) return ctx.Fail(st);
  }
  std::string payload = (*message)->SerializeAsString();
  if (!method->client_streaming() && !method->server_streaming()) {
    return CallUnary(request, route, std::move(payload), exchange);
  }
  // A JSON body for a streaming method is a one-message request stream.
  auto once = std::make_shared<std::optional<std::string>>(std::move(payload));
  WorkerClient::RequestSource source = [once] {
    std::optional<std::string> out = std::move(*once);
    once->reset();
    return out;
  };
  if (method->server_streaming() && route.extras.server_sent_events()) {
    return CallEvents(request, route, std::move(source), exchange);
  }
  CallStream(request, route, std::move(source), exchange);
}

void ApiHandler::CallUnary(const HttpRequest& request, const Route& route, std::string payload,
                           const std::shared_ptr<Exchange>& exchange) const {
  CallContext ctx{request.path, request.request_id, &route, exchange, options_.events};
  const CallSettings settings{request.request_id, std::string(request.Header("Authorization")),
                              absl::Now() + options_.request_timeout, request.traceparent};
  worker_->CallUnary(route.rpc_path, std::move(payload), settings,
                     [ctx](const grpc::Status& status, std::string bytes) {
                       Guarded(ctx, [&] {
                         if (!status.ok()) return ctx.FailCall(status);
                         auto response = SuccessResponse(*ctx.route, bytes);
                         if (!response.ok()) return ctx.Fail(response.status());
                         ctx.exchange->Respond(*std::move(response));
                       });
                     });
}

void ApiHandler::CallStream(const HttpRequest& request, const Route& route,
                            WorkerClient::RequestSource source,
                            const std::shared_ptr<Exchange>& exchange) const {
  CallContext ctx{request.path, request.request_id, &route, exchange, options_.events};
  const CallSettings settings{request.request_id, std::string(request.Header("Authorization")),
                              absl::Now() + options_.request_timeout, request.traceparent};
  auto responses = std::make_shared<std::vector<std::string>>();
  worker_->CallStream(
      route.rpc_path, std::move(source), settings,
      [responses](std::string bytes) { responses->push_back(std::move(bytes)); },
      [ctx, responses](const grpc::Status& status) {
        Guarded(ctx, [&] {
          if (!status.ok()) return ctx.FailCall(status);
          const Route& route = *ctx.route;
          if (!route.method->server_streaming()) {
            if (responses->size() != 1)
              return ctx.Fail(absl::InternalError("worker sent no answer"));
            auto response = SuccessResponse(route, responses->front());
            if (!response.ok()) return ctx.Fail(response.status());
            return ctx.exchange->Respond(*std::move(response));
          }
          // A server stream without SSE is answered as one JSON array.
          std::string body = "[";
          for (size_t i = 0; i < responses->size(); ++i) {
            auto message = ParseResponse(route, (*responses)[i]);
            if (!message.ok()) return ctx.Fail(message.status());
            auto json = PrintMessageJson(**message, route.response_body);
            if (!json.ok()) return ctx.Fail(json.status());
            absl::StrAppend(&body, i == 0 ? "" : ",", *json);
          }
          body += "]";
          ctx.exchange->Respond(JsonResponse(200, std::move(body)));
        });
      });
}

void ApiHandler::CallEvents(const HttpRequest& request, const Route& route,
                            WorkerClient::RequestSource source,
                            const std::shared_ptr<Exchange>& exchange) const {
  CallContext ctx{request.path, request.request_id, &route, exchange, options_.events};
  // Held until the gRPC stream is done (the callbacks below own it).
  ConcurrencyLimit::Slot stream_slot = event_streams_.TryAcquire();
  if (stream_slot == nullptr) {
    spdlog::warn("request_id={} event stream refused: {} open", request.request_id,
                 event_streams_.max());
    return exchange->Respond(StreamsFull(event_streams_.max(), request));
  }
  // The operator's override, else the route's period, else the default.
  absl::Duration heartbeat = options_.heartbeat_override;
  if (heartbeat <= absl::ZeroDuration()) {
    const int seconds = route.extras.sse_heartbeat_seconds();
    heartbeat = seconds > 0 ? absl::Seconds(seconds) : options_.default_heartbeat;
  }
  auto slot = std::make_shared<CancelSlot>();
  // A client leaving cancels this gRPC stream and nothing else (the run goes on).
  exchange->OnClientGone([slot] { slot->Cancel(); });
  // The stream opens with the first message, so an error before it (unknown run) is a
  // plain problem+json answer rather than an event. on_message and on_done are sequential.
  // on_message and on_done run one after the other: the state needs no lock.
  struct StreamState {
    bool opened = false;
    bool finished = false;  // The last event went out; the stream is closed.
    std::string last_id;    // What the client has: Last-Event-ID, then each event's id.
  };
  auto state = std::make_shared<StreamState>();
  state->last_id = std::string(request.Header("Last-Event-ID"));
  auto writer = std::make_shared<SseWriter>(exchange);
  // The last event if the gateway shuts down with this stream open: reconnect (to another
  // instance) or poll.
  auto farewell = std::make_shared<const std::string>(ProblemToJson(MakeProblem(
      503, "UNAVAILABLE", "the gateway is shutting down; reconnect to follow the run, or poll it",
      request.path, request.request_id)));
  const CallSettings settings{request.request_id, std::string(request.Header("Authorization")),
                              std::nullopt, request.traceparent};
  slot->Set(worker_->CallStream(
      route.rpc_path, std::move(source), settings,
      [ctx, state, writer, heartbeat, farewell](std::string bytes) {
        Guarded(ctx, [&] {
          if (state->finished) return;
          auto message = ParseResponse(*ctx.route, bytes);
          if (!message.ok()) throw std::runtime_error(std::string(message.status().message()));
          if (!state->opened) {
            writer->Open(heartbeat, *farewell, kSseRetryMs);
            writer->Raw(FormatSseRetry(kSseRetryMs));
            state->opened = true;
          }
          const bool last = IsLastEvent(**message, ctx.route->extras);
          std::string id = EventId(**message);
          // The client has this one already (the previous event, or before it reconnected);
          // the last event goes out regardless: it tells the client the stream is done.
          if (!last && !id.empty() && id == state->last_id) return;
          auto json = PrintMessageJson(**message, ctx.route->response_body);
          if (!json.ok()) throw std::runtime_error(std::string(json.status().message()));
          writer->Event(last ? "done" : "snapshot", *json, id);
          state->last_id = std::move(id);
          if (last) {
            state->finished = true;
            writer->Close();
          }
        });
      },
      [ctx, state, writer, stream_slot](const grpc::Status& status) {
        Guarded(ctx, [&] {
          if (state->finished) return;
          if (!state->opened && !status.ok()) return ctx.FailCall(status);
          if (!state->opened) writer->Open(absl::InfiniteDuration());
          if (!status.ok() && status.error_code() != grpc::StatusCode::CANCELLED) {
            const Problem problem = ctx.ProblemForCall(status);
            writer->Event("error", ProblemToJson(problem), state->last_id);
          }
          writer->Close();
        });
      }));
}

}  // namespace champion::gateway
