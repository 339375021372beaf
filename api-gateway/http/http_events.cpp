#include "http/http_events.h"

#include <array>

namespace champion::gateway {

HttpEvents& NoHttpEvents() {
  static HttpEvents none;
  return none;
}

std::string_view MetricMethod(std::string_view method) {
  static constexpr std::array<std::string_view, 7> kKnown = {"GET",   "HEAD",   "POST",   "PUT",
                                                             "PATCH", "DELETE", "OPTIONS"};
  for (std::string_view known : kKnown) {
    if (method == known) return known;
  }
  return "OTHER";
}

}  // namespace champion::gateway
