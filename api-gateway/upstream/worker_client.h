#pragma once

// The gateway's only way to the selector-worker: reflection-free generic gRPC calls on
// serialised messages (grpc::GenericStub, callback API), so any RPC found in the
// descriptors can be called without generated stubs. Also the worker's health check.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/support/status.h"

namespace grpc {
class ClientContext;
}  // namespace grpc

namespace champion::gateway {

//! TLS to the worker (gRPC's TLS credentials over a file-watching certificate provider:
//! replaced files are used for new connections without a restart).
struct WorkerTlsOptions {
  std::string ca_path;           //!< PEM roots the worker's certificate must chain to (required)
  std::string cert_path;         //!< PEM client certificate for mutual TLS; empty: none
  std::string key_path;          //!< its private key; set exactly when cert_path is
  std::string server_name;       //!< name checked in the worker's certificate; empty: the target's
  unsigned refresh_seconds = 5;  //!< how often the files are read again
};

struct WorkerClientOptions {
  std::string target = "127.0.0.1:50051";  //!< gRPC target ("dns:///worker:50051", ...)
  size_t max_response_bytes = 64 << 20;    //!< largest accepted response message
  std::optional<WorkerTlsOptions> tls;     //!< none: plaintext
};

//! Per-call settings. The request id travels as metadata "x-request-id", the client's
//! Authorization value (forwarded as it came) as "authorization".
struct CallSettings {
  std::string request_id;
  std::string authorization;
  std::optional<absl::Time> deadline;  //!< none: no deadline (SSE streams)
  std::string traceparent;             //!< W3C traceparent sent as metadata; empty: none
};

//! A running streaming call. Cancel() cancels that gRPC call only (ClientContext::
//! TryCancel); safe from any thread, any number of times, also after the call ended.
class StreamCall {
 public:
  virtual ~StreamCall() = default;
  virtual void Cancel() = 0;
};

class WorkerClient {
 public:
  //! Produces the serialised request messages of a stream, one per call; nullopt ends it.
  using RequestSource = std::function<std::optional<std::string>()>;
  //! One serialised response message (calls are sequential, on a gRPC thread).
  using OnMessage = std::function<void(std::string)>;
  //! The final status (exactly once, on a gRPC thread, after the last OnMessage).
  using OnDone = std::function<void(const grpc::Status&)>;
  using OnUnaryDone = std::function<void(const grpc::Status&, std::string)>;
  //! serving = the worker answered SERVING; detail says why not otherwise.
  using OnHealth = std::function<void(bool serving, std::string detail)>;

  //! Creates the channel (lazy connect: a down worker is not an error here, round-robin
  //! load balancing over the resolved addresses). InvalidArgument on an empty target, and
  //! with TLS on a file that cannot be read or holds no PEM certificate (key), or a
  //! certificate without its key. A worker whose certificate does not verify (or that
  //! refuses the client's) fails calls with UNAVAILABLE.
  static absl::StatusOr<std::unique_ptr<WorkerClient>> Create(const WorkerClientOptions& options);
  //! Waits (up to 10 s) for calls still in flight to finish: their callbacks have run and
  //! their gRPC objects are gone when it returns. End open streams first.
  ~WorkerClient();

  //! A unary call of `rpc_path` ("/pkg.Service/Method"). Thread-safe.
  void CallUnary(const std::string& rpc_path, std::string request, const CallSettings& settings,
                 OnUnaryDone done);

  //! A streaming call (client, server or bidi streaming: one wire protocol). Writes every
  //! message of `requests` then half-closes, and reads responses until the end.
  //! Thread-safe; the callbacks must not block.
  std::shared_ptr<StreamCall> CallStream(const std::string& rpc_path, RequestSource requests,
                                         const CallSettings& settings, OnMessage on_message,
                                         OnDone on_done);

  //! grpc.health.v1.Health/Check of the whole server ("") with `timeout`.
  void CheckHealth(absl::Duration timeout, OnHealth done);

 private:
  struct Impl;
  explicit WorkerClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

//! Applies the settings (metadata, deadline) to a context.
void ApplyCallSettings(const CallSettings& settings, grpc::ClientContext* context);

}  // namespace champion::gateway
