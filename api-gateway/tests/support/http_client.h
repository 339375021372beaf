#pragma once

// A tiny blocking HTTP/1.1 client over POSIX sockets for the gateway's in-process tests
// (no Beast: keeps the tests quick to compile). Every read has a timeout.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "http/http_message.h"

namespace champion::gateway::testing {

struct ClientResponse {
  int status = 0;
  std::vector<HttpHeader> headers;
  std::string body;  //!< de-chunked
  std::string_view Header(std::string_view name) const { return FindHeader(headers, name); }
};

//! Sends one request (Connection: close) to 127.0.0.1:port and reads the whole answer.
//! status 0 on a connection failure or timeout.
ClientResponse HttpCall(uint16_t port, const std::string& method, const std::string& target,
                        const std::string& body = "", std::vector<HttpHeader> headers = {});

//! Splits a whole HTTP/1.1 answer (as read to EOF) into status, headers and body
//! (de-chunked). status 0 when it is not one.
ClientResponse ParseResponse(const std::string& raw);

//! A raw connection for streaming tests.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port);
  ~RawConnection();
  bool connected() const { return fd_ >= 0; }
  bool Send(std::string_view data);
  //! Reads until `marker` was received at or after byte `from` (true) or timeout / EOF
  //! (false). All bytes read so far are in received().
  bool ReadUntil(std::string_view marker, absl::Duration timeout, size_t from = 0);
  //! Reads until the server closes the connection (true) or `timeout` passes (false).
  bool ReadToEnd(absl::Duration timeout);
  const std::string& received() const { return received_; }
  void Close();

 private:
  int fd_ = -1;
  std::string received_;
};

//! Decodes a chunked body ("5\r\nhello\r\n0\r\n\r\n").
std::string Dechunk(std::string_view chunked);

}  // namespace champion::gateway::testing
