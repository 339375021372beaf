#pragma once

// The size limits of request fields, in one place (docs/RELIABILITY.md lists them): every
// input is bounded, and an error quotes at most a short prefix of what it rejects.

#include <cstddef>
#include <string>
#include <string_view>

namespace champion::service {

inline constexpr std::size_t kMaxRequestIdBytes = 128;
inline constexpr std::size_t kMaxModelTypeBytes = 64;
inline constexpr int kMaxParamsPerCandidate = 32;
inline constexpr std::size_t kMaxParamNameBytes = 64;
inline constexpr std::size_t kMaxParamStringBytes = 256;
inline constexpr int kMaxParamListItems = 64;
inline constexpr int kMaxFeatureGroups = 16;
inline constexpr std::size_t kMaxFeatureGroupBytes = 64;
//! Forecast quantile levels per run, and how close to 0 (or 1) a level may be.
inline constexpr int kMaxQuantileLevels = 9;
inline constexpr double kMinQuantileLevel = 0.01;
inline constexpr std::size_t kMaxSearchBytes = 200;

//! `value` for an error message: at most 40 bytes of it, then "…" (and its full length).
std::string Echo(std::string_view value);

//! Whether every byte is printable ASCII (0x20..0x7e): no NUL, no control characters.
bool IsPrintableAscii(std::string_view value);

}  // namespace champion::service
