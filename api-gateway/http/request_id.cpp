#include "http/request_id.h"

#include <cstdint>
#include <random>

#include "absl/strings/str_format.h"

namespace champion::gateway {

bool IsValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (const char c : id) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

std::string NewRequestId() {
  // One engine per thread, seeded once from the OS: ids only need to be unique, not secret.
  thread_local std::mt19937_64 engine{std::random_device{}()};
  const uint64_t high = engine();
  const uint64_t low = engine();
  return absl::StrFormat("%016x%016x", high, low);
}

std::string RequestIdFor(std::string_view client_value) {
  if (IsValidRequestId(client_value)) return std::string(client_value);
  return NewRequestId();
}

}  // namespace champion::gateway
