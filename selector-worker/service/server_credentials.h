#pragma once

// The worker's transport security: TLS with the certificate and key files (re-read when
// they change, so rotation needs no restart), optionally requiring and verifying client
// certificates (mTLS); without a certificate, gRPC "local" credentials, which accept
// plaintext connections from loopback peers only. Either way the credentials carry the
// auth processor (auth_processor.h) when authentication is on.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/security/server_credentials.h"

namespace champion::service {

struct TlsFiles {
  std::string cert_file;             //!< PEM certificate chain; empty: no TLS
  std::string key_file;              //!< PEM private key
  std::string client_ca_file;        //!< PEM roots for client certificates; empty: none asked
  bool require_client_cert = false;  //!< mTLS: refuse clients without a verified certificate
};

//! How often rotated certificate files are picked up.
inline constexpr unsigned kCertificateRefreshSeconds = 10;

//! InvalidArgument when a named file cannot be read or the combination is incomplete
//! (a key without a certificate, require_client_cert without client_ca_file).
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(const TlsFiles& tls);

}  // namespace champion::service
