#include "common/json_log_formatter.h"

#include <array>
#include <string_view>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace champion {
namespace {

constexpr std::array<std::string_view, 3> kFieldKeys = {"request_id", "identity", "trace_id"};

// The value of " key=value" (or "key=value" at the start) in `text`, up to the next space.
std::string_view FieldValue(std::string_view text, std::string_view key) {
  for (size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
    const size_t eq = at + key.size();
    if ((at == 0 || text[at - 1] == ' ') && eq < text.size() && text[eq] == '=') {
      const size_t end = text.find(' ', eq + 1);
      return text.substr(eq + 1, end == std::string_view::npos ? end : end - eq - 1);
    }
  }
  return {};
}

}  // namespace

void JsonLogFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  const std::string_view text(msg.payload.data(), msg.payload.size());
  const absl::Time time = absl::FromChrono(msg.time);
  nlohmann::json line = {
      {"time", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", time, absl::UTCTimeZone())},
      {"level", std::string(spdlog::level::to_string_view(msg.level).data(),
                            spdlog::level::to_string_view(msg.level).size())},
      {"service", service_},
      {"message", std::string(text)},
  };
  for (std::string_view key : kFieldKeys) {
    const std::string_view value = FieldValue(text, key);
    if (!value.empty()) line[std::string(key)] = std::string(value);
  }
  // Invalid UTF-8 (a client's bytes echoed in a message) is replaced, never a throw.
  const std::string out = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  dest.append(out.data(), out.data() + out.size());
  dest.push_back('\n');
}

}  // namespace champion
