#include "service/auth_processor.h"

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "spdlog/spdlog.h"

namespace champion::service {
namespace {

// Credentials accepted recently -> identity key, so a handler need not verify a JWT twice.
// Bounded: cleared when full (a miss authenticates again).
constexpr size_t kMaxRememberedCredentials = 16384;

struct Identities {
  absl::Mutex mu;
  const auth::Authenticator* authenticator ABSL_GUARDED_BY(mu) = nullptr;
  absl::flat_hash_map<std::string, std::string> by_credential ABSL_GUARDED_BY(mu);
};

Identities& Registry() {
  static Identities* identities = new Identities();
  return *identities;
}

void Remember(const std::string& authorization, const std::string& key) {
  Identities& r = Registry();
  absl::MutexLock lock(&r.mu);
  if (r.by_credential.size() >= kMaxRememberedCredentials) r.by_credential.clear();
  r.by_credential[authorization] = key;
}

std::string Value(const grpc::AuthMetadataProcessor::InputMetadata& metadata, const char* key) {
  const auto it = metadata.find(key);
  if (it == metadata.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

}  // namespace

std::string IdentityOf(const std::string& authorization) {
  if (authorization.empty()) return "";
  Identities& r = Registry();
  const auth::Authenticator* authenticator = nullptr;
  {
    absl::MutexLock lock(&r.mu);
    const auto it = r.by_credential.find(authorization);
    if (it != r.by_credential.end()) return it->second;
    authenticator = r.authenticator;
  }
  if (authenticator == nullptr) return "";
  auto identity = authenticator->Authenticate(authorization, absl::Now());
  if (!identity.ok()) return "";
  Remember(authorization, identity->Key());
  return identity->Key();
}

AuthProcessor::AuthProcessor(const auth::Authenticator* authenticator, auth::MethodScopes scopes)
    : authenticator_(authenticator), scopes_(std::move(scopes)) {
  Identities& r = Registry();
  absl::MutexLock lock(&r.mu);
  r.authenticator = authenticator_;
  r.by_credential.clear();
}

AuthProcessor::~AuthProcessor() {
  Identities& r = Registry();
  absl::MutexLock lock(&r.mu);
  if (r.authenticator == authenticator_) {
    r.authenticator = nullptr;
    r.by_credential.clear();
  }
}

grpc::Status AuthProcessor::Process(const InputMetadata& auth_metadata,
                                    grpc::AuthContext* /*context*/,
                                    OutputMetadata* /*consumed_auth_metadata*/,
                                    OutputMetadata* /*response_metadata*/) {
  const std::string path = Value(auth_metadata, ":path");
  const std::optional<auth::Scope> required = scopes_.Required(path);
  if (!required.has_value()) return grpc::Status::OK;  // health checks
  // The metadata stays on the call: IdentityOf reads the call's own credential.
  const std::string authorization = Value(auth_metadata, "authorization");
  auto identity = authenticator_->Authenticate(authorization, absl::Now());
  if (!identity.ok()) {
    spdlog::warn("rpc {} UNAUTHENTICATED: {} request_id={}", path,
                 std::string(identity.status().message()), Value(auth_metadata, "x-request-id"));
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        std::string(identity.status().message()));
  }
  if (const absl::Status allowed = auth::Authorize(*identity, *required); !allowed.ok()) {
    spdlog::warn("rpc {} PERMISSION_DENIED: {} request_id={} identity={}", path,
                 std::string(allowed.message()), Value(auth_metadata, "x-request-id"),
                 identity->Key());
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED, std::string(allowed.message()));
  }
  Remember(authorization, identity->Key());
  return grpc::Status::OK;
}

}  // namespace champion::service
