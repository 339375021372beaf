#pragma once

// The hand-off between a request handler (any thread, usually a gRPC callback thread)
// and the HTTP connection that owns the socket. The handler either answers once with a
// complete response, or starts an event stream and feeds it pre-framed chunks. The
// connection drains the exchange on its own strand after each wake-up.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "http/http_message.h"

namespace champion::gateway {

class Exchange {
 public:
  //! `wake` is called (from any thread, possibly with no lock held) whenever there is
  //! something new for the connection to take. It must be cheap and non-blocking.
  explicit Exchange(std::function<void()> wake) : wake_(std::move(wake)) {}

  // ---- handler side (thread-safe) ----
  //! Applied to the answer and to a stream's head before they are queued (security and
  //! CORS headers). Set it before answering.
  void SetDecorator(std::function<void(HttpResponse&)> decorate);
  //! The caller's identity key, for the access log ("" when unknown or auth is off).
  void SetIdentity(std::string identity);
  std::string identity() const;
  //! The request's route label for metrics (see HttpEvents::RequestDone); "unmatched" until
  //! set.
  void SetRoute(std::string_view route);
  std::string route() const;

  //! Answers with a complete response. Ignored after a first answer or stream start.
  void Respond(HttpResponse response);
  //! Starts a chunked event stream with `head` (its body is ignored). `heartbeat` is the
  //! idle period after which the connection writes `heartbeat_chunk` on its own;
  //! `farewell_chunk` is written last when the server shuts down with the stream open.
  //! Ignored after a first answer.
  void StartStream(HttpResponse head, absl::Duration heartbeat, std::string heartbeat_chunk,
                   std::string farewell_chunk = {});
  //! Queues one chunk of an open stream; dropped when no stream is open or it ended.
  void SendChunk(std::string chunk);
  //! Ends the stream after the queued chunks.
  void EndStream();
  //! Asks the connection to watch for the client going away while this exchange is
  //! open, and registers what to do then (called once, from the connection's thread).
  //! Must be called before the handler returns to take effect.
  void OnClientGone(std::function<void()> callback);
  bool answered() const;

  // ---- connection side ----

  struct Pending {
    std::optional<HttpResponse> response;     //!< a complete answer
    std::optional<HttpResponse> stream_head;  //!< set once, when the stream starts
    std::vector<std::string> chunks;
    bool stream_ended = false;
  };
  //! Moves out everything queued since the last call.
  Pending Take();
  //! The client disconnected: runs the OnClientGone callback once.
  void ClientGone();
  bool client_gone() const;
  bool watch_disconnect() const;
  absl::Duration heartbeat() const;
  std::string heartbeat_chunk() const;
  std::string farewell_chunk() const;

 private:
  enum class State { kOpen, kAnswered, kStreaming, kEnded };

  std::function<void()> wake_;
  mutable absl::Mutex mu_;
  std::function<void(HttpResponse&)> decorate_ ABSL_GUARDED_BY(mu_);
  std::string identity_ ABSL_GUARDED_BY(mu_);
  std::string route_ ABSL_GUARDED_BY(mu_) = "unmatched";
  State state_ ABSL_GUARDED_BY(mu_) = State::kOpen;
  Pending pending_ ABSL_GUARDED_BY(mu_);
  absl::Duration heartbeat_ ABSL_GUARDED_BY(mu_) = absl::InfiniteDuration();
  std::string heartbeat_chunk_ ABSL_GUARDED_BY(mu_);
  std::string farewell_chunk_ ABSL_GUARDED_BY(mu_);
  std::function<void()> on_client_gone_ ABSL_GUARDED_BY(mu_);
  bool watch_disconnect_ ABSL_GUARDED_BY(mu_) = false;
  bool client_gone_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace champion::gateway
