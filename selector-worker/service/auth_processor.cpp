#include "service/auth_processor.h"

#include "absl/time/clock.h"
#include "spdlog/spdlog.h"

namespace champion::service {
namespace {

std::string Value(const grpc::AuthMetadataProcessor::InputMetadata& metadata, const char* key) {
  const auto it = metadata.find(key);
  if (it == metadata.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

}  // namespace

grpc::Status AuthProcessor::Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                                    OutputMetadata* consumed_auth_metadata,
                                    OutputMetadata* /*response_metadata*/) {
  const std::string path = Value(auth_metadata, ":path");
  const std::optional<auth::Scope> required = scopes_.Required(path);
  if (!required.has_value()) return grpc::Status::OK;  // health checks
  const std::string authorization = Value(auth_metadata, "authorization");
  // Handlers never see the credential.
  if (!authorization.empty()) consumed_auth_metadata->insert({"authorization", authorization});
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
  context->AddProperty(kIdentityProperty, identity->Key());
  return grpc::Status::OK;
}

}  // namespace champion::service
