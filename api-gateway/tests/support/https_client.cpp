#include "support/https_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace champion::gateway::testing {
namespace {

std::string TakeErrors() {
  std::string out;
  while (const unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    absl::StrAppend(&out, out.empty() ? "" : "; ", buf);
  }
  return out;
}

void SetTimeouts(int fd, absl::Duration timeout) {
  const timeval tv = absl::ToTimeval(timeout);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

int ConnectLoopback(uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) return fd;
  if (fd >= 0) close(fd);
  return -1;
}

std::string SubjectOf(X509* cert) {
  char buf[512];
  X509_NAME_oneline(X509_get_subject_name(cert), buf, sizeof(buf));
  return buf;
}

std::string SerialOf(X509* cert) {
  BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr);
  char* hex = BN_bn2hex(bn);
  std::string out = hex;
  OPENSSL_free(hex);
  BN_free(bn);
  return out;
}

}  // namespace

struct TlsConnection::State {
  int fd = -1;
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  bool ok = false;
};

TlsConnection::TlsConnection(uint16_t port, const TlsClientOptions& options)
    : state_(std::make_unique<State>()) {
  ERR_clear_error();
  State& s = *state_;
  s.ctx = SSL_CTX_new(TLS_client_method());
  if (options.max_version != 0) {
    SSL_CTX_set_security_level(s.ctx, 0);  // let an outdated version be offered at all
    SSL_CTX_set_min_proto_version(s.ctx, 0);
    SSL_CTX_set_max_proto_version(s.ctx, options.max_version);
  }
  if (SSL_CTX_load_verify_locations(s.ctx, options.ca_path.c_str(), nullptr) != 1) {
    error_ = "CA " + options.ca_path + ": " + TakeErrors();
    return;
  }
  SSL_CTX_set_verify(s.ctx, SSL_VERIFY_PEER, nullptr);
  s.fd = ConnectLoopback(port);
  if (s.fd < 0) {
    error_ = "connect failed";
    return;
  }
  SetTimeouts(s.fd, options.timeout);
  s.ssl = SSL_new(s.ctx);
  SSL_set_fd(s.ssl, s.fd);
  SSL_set_tlsext_host_name(s.ssl, options.host.c_str());
  SSL_set1_host(s.ssl, options.host.c_str());
  if (SSL_connect(s.ssl) != 1) {
    const long verify = SSL_get_verify_result(s.ssl);
    error_ = absl::StrCat("handshake failed: ", TakeErrors(),
                          verify != X509_V_OK ? X509_verify_cert_error_string(verify) : "");
    return;
  }
  if (X509* peer = SSL_get1_peer_certificate(s.ssl)) {
    peer_serial_ = SerialOf(peer);
    peer_subject_ = SubjectOf(peer);
    X509_free(peer);
  }
  s.ok = true;
}

TlsConnection::~TlsConnection() {
  if (state_->ssl != nullptr) SSL_free(state_->ssl);
  if (state_->ctx != nullptr) SSL_CTX_free(state_->ctx);
  if (state_->fd >= 0) close(state_->fd);
  ERR_clear_error();
}

bool TlsConnection::connected() const { return state_->ok; }

bool TlsConnection::Send(std::string_view data) {
  while (state_->ok && !data.empty()) {
    const int n = SSL_write(state_->ssl, data.data(), static_cast<int>(data.size()));
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return state_->ok;
}

int TlsConnection::ReadSome(absl::Time deadline) {
  if (SSL_pending(state_->ssl) == 0) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return -1;
    pollfd p{state_->fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(absl::ToInt64Milliseconds(left)) + 1) <= 0) return -1;
  }
  char buf[4096];
  const int n = SSL_read(state_->ssl, buf, sizeof(buf));
  if (n > 0) {
    received_.append(buf, static_cast<size_t>(n));
    return 1;
  }
  const int reason = SSL_get_error(state_->ssl, n);
  const int error_number = errno;
  ERR_clear_error();
  if (reason == SSL_ERROR_WANT_READ) return absl::Now() < deadline ? 1 : -1;  // no data yet
  if (reason == SSL_ERROR_SYSCALL && (error_number == EAGAIN || error_number == EWOULDBLOCK)) {
    return -1;  // SO_RCVTIMEO
  }
  // close_notify, EOF, a reset or an alert: the server ended the connection.
  return reason == SSL_ERROR_ZERO_RETURN || reason == SSL_ERROR_SYSCALL || reason == SSL_ERROR_SSL
             ? 0
             : -1;
}

bool TlsConnection::ReadUntil(std::string_view marker, absl::Duration timeout, size_t from) {
  const absl::Time deadline = absl::Now() + timeout;
  auto found = [&] {
    return received_.size() >= from &&
           received_.find(marker.data(), from, marker.size()) != std::string::npos;
  };
  while (state_->ok && !found()) {
    if (ReadSome(deadline) != 1) return false;
  }
  return state_->ok;
}

bool TlsConnection::ReadToEnd(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (state_->ok) {
    const int result = ReadSome(deadline);
    if (result == 0) return true;
    if (result < 0) return false;
  }
  return false;
}

HttpsResponse HttpsCall(uint16_t port, const TlsClientOptions& options, const std::string& method,
                        const std::string& target, const std::string& body,
                        std::vector<HttpHeader> headers) {
  HttpsResponse out;
  TlsConnection connection(port, options);
  out.peer_serial = connection.peer_serial();
  out.peer_subject = connection.peer_subject();
  if (!connection.connected()) {
    out.error = connection.error();
    return out;
  }
  std::string request = absl::StrCat(method, " ", target, " HTTP/1.1\r\nHost: localhost\r\n",
                                     "Connection: close\r\nContent-Length: ", body.size(), "\r\n");
  for (const auto& h : headers) absl::StrAppend(&request, h.name, ": ", h.value, "\r\n");
  absl::StrAppend(&request, "\r\n", body);
  if (!connection.Send(request) || !connection.ReadToEnd(options.timeout)) {
    out.error = "no complete answer";
    return out;
  }
  out.response = ParseResponse(connection.received());
  return out;
}

}  // namespace champion::gateway::testing
