#include "http/trace_context.h"

#include <cstdint>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace champion::gateway {
namespace {

bool IsLowerHex(std::string_view s, size_t length) {
  if (s.size() != length) return false;
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool AllZero(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

uint64_t RandomNonZero() {
  // One engine per thread, seeded once from the OS: trace ids need to be unique, not secret.
  thread_local std::mt19937_64 engine{std::random_device{}()};
  uint64_t value = 0;
  while (value == 0) value = engine();
  return value;
}

}  // namespace

std::string TraceParent::Header() const {
  return absl::StrCat("00-", trace_id, "-", parent_id, "-", flags);
}

std::optional<TraceParent> ParseTraceParent(std::string_view value) {
  // version(2) - trace-id(32) - parent-id(16) - flags(2) = 55 characters.
  constexpr size_t kLength = 55;
  if (value.size() < kLength) return std::nullopt;
  const std::string_view version = value.substr(0, 2);
  if (!IsLowerHex(version, 2) || version == "ff") return std::nullopt;
  if (version == "00" && value.size() != kLength) return std::nullopt;
  if (value.size() > kLength && value[kLength] != '-') return std::nullopt;
  if (value[2] != '-' || value[35] != '-' || value[52] != '-') return std::nullopt;
  TraceParent parsed{std::string(value.substr(3, 32)), std::string(value.substr(36, 16)),
                     std::string(value.substr(53, 2))};
  if (!IsLowerHex(parsed.trace_id, 32) || AllZero(parsed.trace_id)) return std::nullopt;
  if (!IsLowerHex(parsed.parent_id, 16) || AllZero(parsed.parent_id)) return std::nullopt;
  if (!IsLowerHex(parsed.flags, 2)) return std::nullopt;
  return parsed;
}

TraceParent ContinueTrace(const std::optional<TraceParent>& incoming) {
  TraceParent next;
  if (incoming.has_value()) {
    next.trace_id = incoming->trace_id;
    next.flags = incoming->flags;
  } else {
    next.trace_id = absl::StrFormat("%016x%016x", RandomNonZero(), RandomNonZero());
    next.flags = "00";
  }
  next.parent_id = absl::StrFormat("%016x", RandomNonZero());
  return next;
}

}  // namespace champion::gateway
