#pragma once

// Which scope each gRPC method requires, read from the champion.v1.required_scope method
// option in the descriptors (so the contract says it in one place, and the worker and the
// gateway enforce the same rule). Health checks are public; server reflection and any
// method not in the table require admin.

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/auth/scopes.h"
#include "google/protobuf/descriptor.h"

namespace champion::auth {

class MethodScopes {
 public:
  //! Every method of `services` (full names) in `pool`. InvalidArgument naming a method
  //! without a valid required_scope, NotFound for an unknown service.
  static absl::StatusOr<MethodScopes> FromDescriptors(const google::protobuf::DescriptorPool& pool,
                                                      const std::vector<std::string>& services);

  //! The scope of one method descriptor's option (for the gateway's routes).
  static absl::StatusOr<Scope> ForMethod(const google::protobuf::MethodDescriptor& method);

  //! The scope a call of `path` ("/pkg.Service/Method") needs; nullopt for a public one.
  std::optional<Scope> Required(const std::string& path) const;

 private:
  absl::flat_hash_map<std::string, Scope> by_path_;
};

}  // namespace champion::auth
