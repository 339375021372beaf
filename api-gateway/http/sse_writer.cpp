#include "http/sse_writer.h"

#include "absl/strings/str_cat.h"

namespace champion::gateway {

std::string FormatSseEvent(std::string_view name, std::string_view data, std::string_view id) {
  std::string out;
  if (!id.empty()) absl::StrAppend(&out, "id: ", absl::string_view(id.data(), id.size()), "\n");
  if (!name.empty())
    absl::StrAppend(&out, "event: ", absl::string_view(name.data(), name.size()), "\n");
  // A data field may not contain a line break: each line becomes its own "data:" line,
  // which the client joins back with "\n".
  size_t start = 0;
  while (true) {
    const size_t end = data.find('\n', start);
    const std::string_view line =
        data.substr(start, end == std::string_view::npos ? end : end - start);
    absl::StrAppend(&out, "data: ", absl::string_view(line.data(), line.size()), "\n");
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  out += "\n";
  return out;
}

std::string FormatSseComment(std::string_view text) {
  return absl::StrCat(": ", absl::string_view(text.data(), text.size()), "\n\n");
}

std::string FormatSseRetry(int milliseconds) { return absl::StrCat("retry: ", milliseconds, "\n"); }

void SseWriter::Open(absl::Duration heartbeat, std::string_view farewell, int retry_ms,
                     HttpResponse extra) {
  extra.status = 200;
  extra.SetHeader("Content-Type", "text/event-stream");
  extra.SetHeader("Cache-Control", "no-cache");
  // Tells nginx-style proxies not to buffer the stream.
  extra.SetHeader("X-Accel-Buffering", "no");
  std::string last;
  if (!farewell.empty()) last = FormatSseRetry(retry_ms) + FormatSseEvent("error", farewell);
  exchange_->StartStream(std::move(extra), heartbeat, FormatSseComment("heartbeat"),
                         std::move(last));
}

void SseWriter::Event(std::string_view name, std::string_view data, std::string_view id) {
  exchange_->SendChunk(FormatSseEvent(name, data, id));
}

void SseWriter::Raw(std::string text) { exchange_->SendChunk(std::move(text)); }

void SseWriter::Close() { exchange_->EndStream(); }

}  // namespace champion::gateway
