#include "common/auth/scopes.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace champion::auth {
namespace {

constexpr std::array<std::string_view, kScopeCount> kNames = {
    "data:read", "data:write", "runs:read", "runs:write", "admin", "metrics:read"};

}  // namespace

std::string_view ScopeName(Scope scope) { return kNames[static_cast<size_t>(scope)]; }

std::optional<Scope> ParseScope(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Scope>(i);
  }
  return std::nullopt;
}

ScopeSet ScopeSet::All() {
  ScopeSet all;
  for (int i = 0; i < kScopeCount; ++i) all.Add(static_cast<Scope>(i));
  return all;
}

absl::StatusOr<ScopeSet> ScopeSet::Parse(std::string_view list, bool strict) {
  ScopeSet set;
  for (absl::string_view part : absl::StrSplit(absl::string_view(list.data(), list.size()),
                                               absl::ByAnyChar(", "), absl::SkipEmpty())) {
    const std::optional<Scope> scope = ParseScope(std::string_view(part.data(), part.size()));
    if (scope.has_value()) {
      set.Add(*scope);
    } else if (strict) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown scope \"", part.substr(0, 64),
                       "\" (known: data:read, data:write, runs:read, runs:write, admin)"));
    }
  }
  return set;
}

std::vector<std::string> ScopeSet::Names() const {
  std::vector<std::string> names;
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (bits_.test(i)) names.emplace_back(kNames[i]);
  }
  return names;
}

}  // namespace champion::auth
