#include "service/server_credentials.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"

namespace champion::service {
namespace {

absl::Status Readable(const std::string& path, const char* what) {
  if (std::ifstream(path).good()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("cannot read the ", what, " ", path));
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsFiles& tls) {
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    return absl::InvalidArgumentError("--tls_cert and --tls_key go together");
  }
  if (tls.cert_file.empty()) {
    if (!tls.client_ca_file.empty() || tls.require_client_cert) {
      return absl::InvalidArgumentError("client certificates need --tls_cert and --tls_key");
    }
    return grpc::experimental::LocalServerCredentials(LOCAL_TCP);
  }
  if (tls.require_client_cert && tls.client_ca_file.empty()) {
    return absl::InvalidArgumentError("--tls_require_client_cert needs --tls_client_ca");
  }
  for (const auto& [path, what] :
       {std::pair{tls.cert_file, "certificate"}, std::pair{tls.key_file, "private key"},
        std::pair{tls.client_ca_file, "client CA"}}) {
    if (path.empty()) continue;
    if (auto status = Readable(path, what); !status.ok()) return status;
  }
  auto provider =
      tls.client_ca_file.empty()
          ? std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
                tls.key_file, tls.cert_file, kCertificateRefreshSeconds)
          : std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
                tls.key_file, tls.cert_file, tls.client_ca_file, kCertificateRefreshSeconds);
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (!tls.client_ca_file.empty()) {
    options.watch_root_certs();
    options.set_cert_request_type(tls.require_client_cert
                                      ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                                      : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  } else {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  }
  return grpc::experimental::TlsServerCredentials(options);
}

}  // namespace champion::service
