#include "upstream/worker_client.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/channel_arguments.h"
#include "grpcpp/support/client_callback.h"
#include "spdlog/spdlog.h"

namespace champion::gateway {
namespace {

// How long the destructor waits for calls still finishing.
constexpr absl::Duration kCallsEndTimeout = absl::Seconds(10);

grpc::ByteBuffer ToByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string ToString(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  out.reserve(buffer.Length());
  for (const auto& slice : slices) {
    out.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return out;
}

struct StreamState final : StreamCall {
  grpc::ClientContext context;
  void Cancel() override { context.TryCancel(); }
};

// Writes every request, half-closes, reads until the end. Deletes itself in OnDone.
class StreamReactor final : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  StreamReactor(std::shared_ptr<StreamState> state, WorkerClient::RequestSource requests,
                WorkerClient::OnMessage on_message, WorkerClient::OnDone on_done)
      : state_(std::move(state)),
        requests_(std::move(requests)),
        on_message_(std::move(on_message)),
        on_done_(std::move(on_done)) {}

  void Begin(grpc::GenericStub* stub, const std::string& rpc_path) {
    stub->PrepareBidiStreamingCall(&state_->context, rpc_path, grpc::StubOptions(), this);
    StartRead(&read_);
    WriteNext();
    StartCall();
  }

  void OnWriteDone(bool ok) override {
    // !ok: the stream is broken; OnDone reports the status.
    if (ok) WriteNext();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    on_message_(ToString(read_));
    StartRead(&read_);
  }

  void OnDone(const grpc::Status& status) override {
    on_done_(status);
    on_message_ = nullptr;  // the caller's state first, then the call (see ~WorkerClient)
    on_done_ = nullptr;
    requests_ = nullptr;
    delete this;
  }

 private:
  void WriteNext() {
    std::optional<std::string> next = requests_();
    if (!next.has_value()) {
      StartWritesDone();
      return;
    }
    write_ = ToByteBuffer(*next);
    StartWrite(&write_);
  }

  std::shared_ptr<StreamState> state_;
  WorkerClient::RequestSource requests_;
  WorkerClient::OnMessage on_message_;
  WorkerClient::OnDone on_done_;
  grpc::ByteBuffer read_;
  grpc::ByteBuffer write_;
};

// InvalidArgument unless `path` can be read and holds a PEM block whose label ends with
// `label` ("CERTIFICATE", "PRIVATE KEY"). The file watcher would only log a bad file and
// fail every handshake; this makes it a start-up error instead.
absl::Status CheckPemFile(const std::string& what, const std::string& path,
                          const std::string& label) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(what, " ", path, ": cannot be read"));
  std::ostringstream content;
  content << in.rdbuf();
  if (!absl::StrContains(content.str(), label + "-----")) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " ", path, ": no PEM ", absl::AsciiStrToLower(label), " in it"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> TlsChannelCredentials(
    const WorkerTlsOptions& tls) {
  if (auto st = CheckPemFile("worker CA", tls.ca_path, "CERTIFICATE"); !st.ok()) return st;
  if (tls.cert_path.empty() != tls.key_path.empty()) {
    return absl::InvalidArgumentError("worker client certificate and key: set both or neither");
  }
  using grpc::experimental::FileWatcherCertificateProvider;
  std::shared_ptr<FileWatcherCertificateProvider> provider;
  grpc::experimental::TlsChannelCredentialsOptions options;
  if (tls.cert_path.empty()) {
    provider = std::make_shared<FileWatcherCertificateProvider>(tls.ca_path, tls.refresh_seconds);
  } else {
    if (auto st = CheckPemFile("worker client certificate", tls.cert_path, "CERTIFICATE");
        !st.ok()) {
      return st;
    }
    if (auto st = CheckPemFile("worker client key", tls.key_path, "PRIVATE KEY"); !st.ok()) {
      return st;
    }
    provider = std::make_shared<FileWatcherCertificateProvider>(tls.key_path, tls.cert_path,
                                                                tls.ca_path, tls.refresh_seconds);
    options.watch_identity_key_cert_pairs();
  }
  options.set_certificate_provider(provider);
  options.watch_root_certs();
  // The worker's certificate is verified against the CA and its name checked (gRPC's
  // default hostname verifier); neither can be turned off here.
  options.set_verify_server_certs(true);
  auto credentials = grpc::experimental::TlsCredentials(options);
  if (credentials == nullptr) return absl::InternalError("gRPC TLS credentials unavailable");
  return credentials;
}

}  // namespace

struct WorkerClient::Impl {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<grpc::GenericStub> stub;
  std::unique_ptr<grpc::health::v1::Health::Stub> health;
};

WorkerClient::WorkerClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

// gRPC 1.51 runs callbacks on the threads of one completion queue shared by every callback
// client and server, and shuts that queue down when the last of them goes. Each call holds a
// reference to its channel until its gRPC objects are gone, which happens on such a thread
// after the callback; if that reference were the channel's last, the thread would shut down
// and free the queue it is polling (a double free at exit). So the calls are waited for and
// the channel is released here. Only calls hold references once the stubs are gone (new ones
// are made from a stub), so the count can only fall.
WorkerClient::~WorkerClient() {
  impl_->stub.reset();
  impl_->health.reset();
  const absl::Time deadline = absl::Now() + kCallsEndTimeout;
  while (impl_->channel.use_count() > 1 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  if (impl_->channel.use_count() > 1) {
    // A call that does not end (a stream nobody cancelled): keep the channel for the
    // process's life rather than let that call release it.
    spdlog::warn("worker client: {} call(s) still open at shutdown",
                 impl_->channel.use_count() - 1);
    static auto* const kept = new std::vector<std::shared_ptr<grpc::Channel>>();
    static absl::Mutex kept_mu(absl::kConstInit);
    absl::MutexLock lock(&kept_mu);
    kept->push_back(std::move(impl_->channel));
  }
}

absl::StatusOr<std::unique_ptr<WorkerClient>> WorkerClient::Create(
    const WorkerClientOptions& options) {
  if (options.target.empty()) return absl::InvalidArgumentError("worker target is empty");
  grpc::ChannelArguments args;
  args.SetLoadBalancingPolicyName("round_robin");
  args.SetMaxReceiveMessageSize(static_cast<int>(options.max_response_bytes));
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (options.tls.has_value()) {
    auto tls = TlsChannelCredentials(*options.tls);
    if (!tls.ok()) return tls.status();
    credentials = *std::move(tls);
    if (!options.tls->server_name.empty()) args.SetSslTargetNameOverride(options.tls->server_name);
  }
  auto impl = std::make_unique<Impl>();
  impl->channel = grpc::CreateCustomChannel(options.target, credentials, args);
  impl->stub = std::make_unique<grpc::GenericStub>(impl->channel);
  impl->health = grpc::health::v1::Health::NewStub(impl->channel);
  return std::unique_ptr<WorkerClient>(new WorkerClient(std::move(impl)));
}

void ApplyCallSettings(const CallSettings& settings, grpc::ClientContext* context) {
  if (!settings.request_id.empty()) context->AddMetadata("x-request-id", settings.request_id);
  if (!settings.traceparent.empty()) context->AddMetadata("traceparent", settings.traceparent);
  // gRPC metadata values are printable ASCII; anything else is no credential anyway.
  const bool printable = std::all_of(settings.authorization.begin(), settings.authorization.end(),
                                     [](char c) { return c >= ' ' && c <= '~'; });
  if (!settings.authorization.empty() && printable) {
    context->AddMetadata("authorization", settings.authorization);
  }
  if (settings.deadline.has_value()) context->set_deadline(absl::ToChronoTime(*settings.deadline));
}

void WorkerClient::CallUnary(const std::string& rpc_path, std::string request,
                             const CallSettings& settings, OnUnaryDone done) {
  struct Call {
    grpc::ClientContext context;
    grpc::ByteBuffer request;
    grpc::ByteBuffer response;
  };
  auto call = std::make_shared<Call>();
  ApplyCallSettings(settings, &call->context);
  call->request = ToByteBuffer(request);
  impl_->stub->UnaryCall(
      &call->context, rpc_path, grpc::StubOptions(), &call->request, &call->response,
      [call, done = std::move(done)](grpc::Status status) mutable {
        done(status, status.ok() ? ToString(call->response) : std::string());
        done = nullptr;  // the caller's state first, then the call (see ~WorkerClient)
        call.reset();
      });
}

std::shared_ptr<StreamCall> WorkerClient::CallStream(const std::string& rpc_path,
                                                     RequestSource requests,
                                                     const CallSettings& settings,
                                                     OnMessage on_message, OnDone on_done) {
  auto state = std::make_shared<StreamState>();
  ApplyCallSettings(settings, &state->context);
  auto* reactor =
      new StreamReactor(state, std::move(requests), std::move(on_message), std::move(on_done));
  reactor->Begin(impl_->stub.get(), rpc_path);
  return state;
}

void WorkerClient::CheckHealth(absl::Duration timeout, OnHealth done) {
  struct Call {
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
  };
  auto call = std::make_shared<Call>();
  call->context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  impl_->health->async()->Check(
      &call->context, &call->request, &call->response,
      [call, done = std::move(done)](grpc::Status status) mutable {
        if (!status.ok()) {
          done(false, "health check failed: " + status.error_message());
        } else if (call->response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
          done(false, "worker is not serving");
        } else {
          done(true, "");
        }
        done = nullptr;  // the caller's state first, then the call (see ~WorkerClient)
        call.reset();
      });
}

}  // namespace champion::gateway
