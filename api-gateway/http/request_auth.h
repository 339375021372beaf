#pragma once

// The gateway's own check of a REST call's credentials, before it calls the worker (which
// checks again: clients may also reach it directly). Missing or bad credentials: 401 with
// `WWW-Authenticate: Bearer`; a credential without the route's scope: 403 naming it. Both
// are problem+json. With authentication off every request passes, anonymously.

#include <optional>
#include <string>

#include "common/auth/authenticator.h"
#include "common/auth/method_scopes.h"
#include "http/http_message.h"

namespace champion::gateway {

class RequestAuth {
 public:
  //! `authenticator` is borrowed; when it is not enabled, nothing is checked.
  RequestAuth(const auth::Authenticator* authenticator, auth::MethodScopes scopes)
      : authenticator_(authenticator), scopes_(std::move(scopes)) {}

  bool enabled() const { return authenticator_->enabled(); }

  //! nullopt when `request` may call `rpc_path` (its identity key, or "" with auth off,
  //! goes to `*identity`); otherwise the 401 or 403 answer.
  std::optional<HttpResponse> Check(const HttpRequest& request, const std::string& rpc_path,
                                    std::string* identity) const;

  //! nullopt when `request` carries a credential with `required` (or auth is off); otherwise
  //! the 401 or 403 answer. For the gateway's own endpoints (GET /metrics).
  std::optional<HttpResponse> CheckScope(const HttpRequest& request, auth::Scope required,
                                         std::string* identity) const;

  //! GET /whoami: who the credential is and what it may do (200), or 401.
  HttpResponse WhoAmI(const HttpRequest& request) const;

 private:
  absl::StatusOr<auth::Identity> Authenticate(const HttpRequest& request) const;

  const auth::Authenticator* authenticator_;
  const auth::MethodScopes scopes_;
};

}  // namespace champion::gateway
