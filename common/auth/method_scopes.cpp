#include "common/auth/method_scopes.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "champion/v1/options.pb.h"

namespace champion::auth {

absl::StatusOr<Scope> MethodScopes::ForMethod(const google::protobuf::MethodDescriptor& method) {
  const std::string& name = method.options().GetExtension(champion::v1::required_scope);
  const std::optional<Scope> scope = ParseScope(name);
  if (!scope.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        method.full_name(), " declares no valid champion.v1.required_scope (\"", name, "\")"));
  }
  return *scope;
}

absl::StatusOr<MethodScopes> MethodScopes::FromDescriptors(
    const google::protobuf::DescriptorPool& pool, const std::vector<std::string>& services) {
  MethodScopes table;
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service = pool.FindServiceByName(name);
    if (service == nullptr) return absl::NotFoundError(absl::StrCat("no service ", name));
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* method = service->method(i);
      auto scope = ForMethod(*method);
      if (!scope.ok()) return scope.status();
      table.by_path_[absl::StrCat("/", service->full_name(), "/", method->name())] = *scope;
    }
  }
  return table;
}

std::optional<Scope> MethodScopes::Required(const std::string& path) const {
  if (absl::StartsWith(path, "/grpc.health.v1.Health/")) return std::nullopt;
  const auto it = by_path_.find(path);
  return it == by_path_.end() ? Scope::kAdmin : it->second;
}

}  // namespace champion::auth
