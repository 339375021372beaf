#pragma once

// Internal to store/engine_json*.cpp: the nlohmann helpers shared by the codec files.
// Getters throw nlohmann::json::exception or std::invalid_argument on a malformed document;
// the public Decode* functions catch both (Decode below).

#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/iso_date.h"
#include "engine/backtest/backtest.h"
#include "nlohmann/json.hpp"

namespace champion::store::json_internal {

using Json = nlohmann::json;

//! A double; non-finite as "NaN" / "Infinity" / "-Infinity".
inline Json Num(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return value;
}

//! Inverse of Num (also accepts a plain JSON number).
inline double ToNum(const Json& j) {
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
    throw std::invalid_argument(absl::StrCat("not a number: ", s));
  }
  return j.get<double>();
}

//! The value under `key` of an object, or NaN when the key is missing (rows written before
//! a metric existed).
inline double ToNumOrNaN(const Json& object, const std::string& key) {
  const auto it = object.find(key);
  return it == object.end() ? std::numeric_limits<double>::quiet_NaN() : ToNum(*it);
}

inline Json NumArray(const std::vector<double>& values) {
  Json out = Json::array();
  for (double v : values) out.push_back(Num(v));
  return out;
}

inline std::vector<double> ToNumArray(const Json& j) {
  std::vector<double> out;
  for (const Json& v : j) out.push_back(ToNum(v));
  return out;
}

inline std::string Day(absl::CivilDay day) { return FormatIsoDate(day); }

inline absl::CivilDay ToDay(const Json& j) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(j.get<std::string>(), &day)) {
    throw std::invalid_argument(absl::StrCat("not a date: ", j.dump()));
  }
  return day;
}

inline Json DayArray(const std::vector<absl::CivilDay>& days) {
  Json out = Json::array();
  for (absl::CivilDay d : days) out.push_back(Day(d));
  return out;
}

inline std::vector<absl::CivilDay> ToDayArray(const Json& j) {
  std::vector<absl::CivilDay> out;
  for (const Json& d : j) out.push_back(ToDay(d));
  return out;
}

// Pieces shared between engine_json.cpp and engine_json_outcome.cpp.
Json ParamsToJson(const engine::Params& params);
engine::Params ParamsFromJson(const Json& j);
Json BacktestToJson(const engine::BacktestResult& result);
engine::BacktestResult BacktestFromJson(const Json& j);

//! Parses `text` and converts it with `from`; any exception becomes Internal naming `what`.
template <typename T, typename From>
absl::StatusOr<T> Decode(std::string_view text, std::string_view what, From&& from) {
  try {
    return from(Json::parse(text));
  } catch (const std::exception& e) {
    return absl::InternalError(
        absl::StrCat("stored ", std::string(what), " JSON is malformed: ", e.what()));
  }
}

}  // namespace champion::store::json_internal
