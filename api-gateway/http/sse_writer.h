#pragma once

// Server-sent events (WHATWG HTML "server-sent events") on top of an Exchange.

#include <memory>
#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "http/exchange.h"
#include "http/http_message.h"

namespace champion::gateway {

//! One event: "id: <id>\n", "event: <name>\n", one "data: " line per line of `data`, blank
//! line. An empty `name` omits the event line (the browser then reports "message"), an empty
//! `id` the id line (the client keeps its last event id).
std::string FormatSseEvent(std::string_view name, std::string_view data, std::string_view id = {});

//! A comment line (ignored by EventSource; keeps proxies from timing out).
std::string FormatSseComment(std::string_view text);

//! The reconnection delay field: "retry: <ms>\n" (applies to the next reconnect).
std::string FormatSseRetry(int milliseconds);

//! Frames events onto an exchange. Thread-safe (the exchange is); the first Open() wins.
class SseWriter {
 public:
  explicit SseWriter(std::shared_ptr<Exchange> exchange) : exchange_(std::move(exchange)) {}

  //! Sends the 200 text/event-stream head; `heartbeat` is the idle comment period.
  //! `farewell` (problem+json) becomes the last event, `error`, if the server shuts down
  //! while the stream is open, after a `retry:` of `retry_ms`; empty: none.
  //! `extra` headers (e.g. X-Request-Id is added by the server) are appended.
  void Open(absl::Duration heartbeat, std::string_view farewell = {}, int retry_ms = 1000,
            HttpResponse extra = {});
  void Event(std::string_view name, std::string_view data, std::string_view id = {});
  //! Fields sent before the next event, e.g. FormatSseRetry.
  void Raw(std::string text);
  void Close();

 private:
  std::shared_ptr<Exchange> exchange_;
};

}  // namespace champion::gateway
