#pragma once

// Helpers for the libFuzzer targets (cmake/ChampionFuzz.cmake). A broken invariant prints
// what failed and aborts: libFuzzer reports it as a crash and saves the input.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>

#define CHAMPION_FUZZ_CHECK(condition)                                                            \
  do {                                                                                            \
    if (!(condition)) {                                                                           \
      std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                               \
    }                                                                                             \
  } while (0)

namespace champion::fuzz {

//! The input as text (any bytes, NULs included).
inline std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

//! Splits `text` at the first '\n': the line before it and everything after it (empty when
//! there is no '\n'). The targets' simple framing of several inputs in one.
inline std::pair<std::string_view, std::string_view> SplitLine(std::string_view text) {
  const size_t end = text.find('\n');
  if (end == std::string_view::npos) return {text, std::string_view()};
  return {text.substr(0, end), text.substr(end + 1)};
}

}  // namespace champion::fuzz
