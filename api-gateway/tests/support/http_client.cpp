#include "support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace champion::gateway::testing {

RawConnection::RawConnection(uint16_t port) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) Close();
}

RawConnection::~RawConnection() { Close(); }

void RawConnection::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

bool RawConnection::Send(std::string_view data) {
  while (!data.empty() && fd_ >= 0) {
    const ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return fd_ >= 0;
}

bool RawConnection::ReadUntil(std::string_view marker, absl::Duration timeout, size_t from) {
  const absl::Time deadline = absl::Now() + timeout;
  auto found = [&] {
    return received_.size() >= from &&
           received_.find(marker.data(), from, marker.size()) != std::string::npos;
  };
  while (fd_ >= 0 && !found()) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return false;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(absl::ToInt64Milliseconds(left)) + 1) <= 0) continue;
    char buf[4096];
    const ssize_t n = recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0) return false;
    received_.append(buf, static_cast<size_t>(n));
  }
  return fd_ >= 0;
}

bool RawConnection::ReadToEnd(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (fd_ >= 0) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return false;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(absl::ToInt64Milliseconds(left)) + 1) <= 0) continue;
    char buf[4096];
    const ssize_t n = recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0) return true;  // EOF or reset: closed
    received_.append(buf, static_cast<size_t>(n));
  }
  return true;
}

std::string Dechunk(std::string_view chunked) {
  std::string out;
  while (true) {
    const size_t eol = chunked.find("\r\n");
    if (eol == std::string_view::npos) break;
    size_t size = 0;
    if (!absl::SimpleHexAtoi(absl::string_view(chunked.data(), eol), &size) || size == 0) break;
    out.append(chunked.substr(eol + 2, size));
    chunked.remove_prefix(std::min(chunked.size(), eol + 2 + size + 2));
  }
  return out;
}

ClientResponse HttpCall(uint16_t port, const std::string& method, const std::string& target,
                        const std::string& body, std::vector<HttpHeader> headers) {
  ClientResponse out;
  RawConnection connection(port);
  // Host: 127.0.0.1 unless the caller sends its own.
  const bool own_host = !FindHeader(headers, "Host").empty();
  std::string request =
      absl::StrCat(method, " ", target, " HTTP/1.1\r\n", own_host ? "" : "Host: 127.0.0.1\r\n",
                   "Connection: close\r\nContent-Length: ", body.size(), "\r\n");
  for (const auto& h : headers) absl::StrAppend(&request, h.name, ": ", h.value, "\r\n");
  absl::StrAppend(&request, "\r\n", body);
  if (!connection.Send(request)) return out;
  connection.ReadUntil("\x01never", absl::Seconds(10));  // reads to EOF
  return ParseResponse(connection.received());
}

ClientResponse ParseResponse(const std::string& raw) {
  ClientResponse out;
  const size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) return out;
  std::vector<std::string> lines = absl::StrSplit(raw.substr(0, head_end), "\r\n");
  const std::vector<std::string> status_line = absl::StrSplit(lines[0], ' ');
  if (status_line.size() < 2 || !absl::SimpleAtoi(status_line[1], &out.status)) return out;
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    out.headers.push_back({lines[i].substr(0, colon),
                           std::string(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)))});
  }
  out.body = raw.substr(head_end + 4);
  if (absl::EqualsIgnoreCase(std::string(out.Header("Transfer-Encoding")), "chunked"))
    out.body = Dechunk(out.body);
  return out;
}

}  // namespace champion::gateway::testing
