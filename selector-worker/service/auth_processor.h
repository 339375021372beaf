#pragma once

// Authentication and authorization of every RPC the worker serves, before any handler runs:
// a gRPC AuthMetadataProcessor reads the `authorization` metadata and the method path,
// authenticates the bearer credential (common/auth) and checks the scope the method declares
// in the proto. Missing or bad credentials: UNAUTHENTICATED; missing scope:
// PERMISSION_DENIED. Health checks pass without a token.
//
// Handlers learn who called with IdentityOf(the call's authorization metadata): the
// processor remembers the identity of each credential it accepted. (gRPC 1.51 shares one
// AuthContext among the calls of a connection, so a property added there would leak one
// caller's identity into another's calls: the gateway multiplexes every user on one
// connection.)

#include <memory>

#include "common/auth/authenticator.h"
#include "common/auth/method_scopes.h"
#include "grpcpp/security/auth_metadata_processor.h"

namespace champion::service {

//! The identity key ("token:dev") of a call's `authorization` metadata value, as the
//! processor established it; "" when authentication is off or the value is not a valid
//! credential. Thread-safe.
std::string IdentityOf(const std::string& authorization);

class AuthProcessor final : public grpc::AuthMetadataProcessor {
 public:
  //! `authenticator` is borrowed and must outlive the processor. One processor per process
  //! answers IdentityOf (the last one created).
  AuthProcessor(const auth::Authenticator* authenticator, auth::MethodScopes scopes);
  ~AuthProcessor() override;

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
