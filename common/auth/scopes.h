#pragma once

// What a credential may do. Every RPC requires one scope (declared in the proto with the
// champion.v1.required_scope method option); health checks require none.
//
//   data:read   stores, products, sales, availability, the model catalog
//   data:write  sales imports
//   runs:read   get, list, ranking, watch and events of runs
//   runs:write  submit, synchronous run, cancel
//   admin       server reflection and administrative calls
//   metrics:read the gateway's GET /metrics (what a Prometheus scrape presents)

#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace champion::auth {

enum class Scope { kDataRead = 0, kDataWrite, kRunsRead, kRunsWrite, kAdmin, kMetricsRead };
inline constexpr int kScopeCount = 6;

//! "data:read", ... (the wire name).
std::string_view ScopeName(Scope scope);
//! The scope with that wire name (exact, lower case); nullopt for anything else.
std::optional<Scope> ParseScope(std::string_view name);

class ScopeSet {
 public:
  ScopeSet() = default;
  //! Every scope.
  static ScopeSet All();
  //! Scopes separated by commas and/or spaces. InvalidArgument naming the first unknown
  //! one when `strict`; otherwise unknown names (another service's scopes) are ignored.
  static absl::StatusOr<ScopeSet> Parse(std::string_view list, bool strict);

  void Add(Scope scope) { bits_.set(static_cast<size_t>(scope)); }
  bool Has(Scope scope) const { return bits_.test(static_cast<size_t>(scope)); }
  bool empty() const { return bits_.none(); }
  //! Wire names in declaration order.
  std::vector<std::string> Names() const;
  bool operator==(const ScopeSet& other) const { return bits_ == other.bits_; }

 private:
  std::bitset<kScopeCount> bits_;
};

}  // namespace champion::auth
