#pragma once

// Authentication and authorization of every RPC the worker serves, before any handler runs:
// a gRPC AuthMetadataProcessor reads the `authorization` metadata and the method path,
// authenticates the bearer credential (common/auth), checks the scope the method declares in
// the proto, and attaches the caller's identity key to the call's AuthContext (handlers read
// it with CallerIdentity). Missing or bad credentials: UNAUTHENTICATED; missing scope:
// PERMISSION_DENIED. Health checks pass without a token.

#include <memory>

#include "common/auth/authenticator.h"
#include "common/auth/method_scopes.h"
#include "grpcpp/security/auth_metadata_processor.h"

namespace champion::service {

//! The AuthContext property holding the caller's identity key.
inline constexpr char kIdentityProperty[] = "champion.identity";

class AuthProcessor final : public grpc::AuthMetadataProcessor {
 public:
  //! `authenticator` is borrowed and must outlive the server.
  AuthProcessor(const auth::Authenticator* authenticator, auth::MethodScopes scopes)
      : authenticator_(authenticator), scopes_(std::move(scopes)) {}

  //! Verification is CPU only (a hash, or one signature check): run inline.
  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  const auth::Authenticator* authenticator_;
  const auth::MethodScopes scopes_;
};

}  // namespace champion::service
