#include "store/conninfo.h"

#include <libpq-fe.h>

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace champion::store {
namespace {

constexpr std::string_view kPasswordKeyword = "password";

using Settings = std::vector<std::pair<std::string, std::string>>;

// The keywords `conninfo` sets, with their values, in libpq's keyword order.
absl::StatusOr<Settings> Parse(std::string_view conninfo) {
  char* error = nullptr;
  const std::string input(conninfo);
  PQconninfoOption* options = PQconninfoParse(input.c_str(), &error);
  if (options == nullptr) {
    std::string reason = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    while (!reason.empty() && reason.back() == '\n') reason.pop_back();
    return absl::InvalidArgumentError(absl::StrCat("invalid database conninfo: ", reason));
  }
  Settings settings;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val != nullptr) settings.emplace_back(o->keyword, o->val);
  }
  PQconninfoFree(options);
  return settings;
}

// A conninfo value in single quotes, with quotes and backslashes escaped (libpq's rules).
std::string Quote(std::string_view value) {
  std::string out = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string Join(const Settings& settings) {
  std::string out;
  for (const auto& [keyword, value] : settings) {
    if (!out.empty()) out.push_back(' ');
    absl::StrAppend(&out, keyword, "=", Quote(value));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> NormalizeConninfo(std::string_view conninfo) {
  absl::StatusOr<Settings> settings = Parse(conninfo);
  if (!settings.ok()) return settings.status();
  return Join(*settings);
}

absl::StatusOr<bool> ConninfoHasPassword(std::string_view conninfo) {
  absl::StatusOr<Settings> settings = Parse(conninfo);
  if (!settings.ok()) return settings.status();
  for (const auto& [keyword, value] : *settings) {
    if (keyword == kPasswordKeyword) return true;
  }
  return false;
}

absl::StatusOr<std::string> ConninfoWithPassword(std::string_view conninfo,
                                                 std::string_view password) {
  if (password.find('\0') != std::string_view::npos) {
    return absl::InvalidArgumentError("the database password holds a NUL byte");
  }
  absl::StatusOr<Settings> settings = Parse(conninfo);
  if (!settings.ok()) return settings.status();
  if (password.empty()) return Join(*settings);
  std::erase_if(*settings, [](const auto& setting) { return setting.first == kPasswordKeyword; });
  settings->emplace_back(kPasswordKeyword, password);
  return Join(*settings);
}

}  // namespace champion::store
