#pragma once

// A tiny blocking HTTPS client (OpenSSL over a POSIX socket) for the gateway's TLS tests:
// it verifies the server against a given CA and host name and reports the certificate it
// was served. Every read and write has a timeout.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "support/http_client.h"

namespace champion::gateway::testing {

struct TlsClientOptions {
  std::string ca_path;             //!< PEM roots the server must chain to
  std::string host = "localhost";  //!< sent as SNI and checked against the certificate
  int max_version = 0;             //!< 0: any; e.g. TLS1_1_VERSION for an outdated client
  absl::Duration timeout = absl::Seconds(5);  //!< connect + handshake, and each read/write
};

//! One TLS connection to 127.0.0.1:port; the handshake runs in the constructor.
class TlsConnection {
 public:
  TlsConnection(uint16_t port, const TlsClientOptions& options);
  ~TlsConnection();
  TlsConnection(const TlsConnection&) = delete;
  TlsConnection& operator=(const TlsConnection&) = delete;

  //! The handshake succeeded and the server's certificate verified.
  bool connected() const;
  //! Why not (OpenSSL's and the verifier's reasons), when !connected().
  const std::string& error() const { return error_; }
  //! The served certificate's serial number (hex, as OpenSSL prints it) and subject.
  const std::string& peer_serial() const { return peer_serial_; }
  const std::string& peer_subject() const { return peer_subject_; }

  bool Send(std::string_view data);
  //! Reads until `marker` appears at or after byte `from` (true) or timeout / close
  //! (false); see received().
  bool ReadUntil(std::string_view marker, absl::Duration timeout, size_t from = 0);
  //! Reads until the server closes the connection (true) or `timeout` passes (false).
  bool ReadToEnd(absl::Duration timeout);
  const std::string& received() const { return received_; }

  struct State;

 private:
  // 1: data appended, 0: closed by the server, -1: timeout or error.
  int ReadSome(absl::Time deadline);

  std::unique_ptr<State> state_;
  std::string error_;
  std::string peer_serial_;
  std::string peer_subject_;
  std::string received_;
};

struct HttpsResponse {
  ClientResponse response;  //!< status 0 when the request failed
  std::string error;        //!< why it failed (handshake, verification, timeout)
  std::string peer_serial;
  std::string peer_subject;
};

//! One request over a fresh TLS connection (Connection: close), read to the end.
HttpsResponse HttpsCall(uint16_t port, const TlsClientOptions& options, const std::string& method,
                        const std::string& target, const std::string& body = "",
                        std::vector<HttpHeader> headers = {});

}  // namespace champion::gateway::testing
