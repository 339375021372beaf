#pragma once

// Who made a call, as established by the Authenticator.

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/auth/scopes.h"

namespace champion::auth {

struct Identity {
  enum class Kind { kApiToken, kJwt };

  Kind kind = Kind::kApiToken;
  //! The token's name in the tokens file, or the JWT's `sub`.
  std::string name;
  ScopeSet scopes;
  //! A JWT's `exp`; API tokens do not expire (they are revoked by removing them).
  std::optional<absl::Time> expires_at;

  //! Unique across kinds ("token:dev", "jwt:svc-a"): what logs show and what scopes
  //! request_id idempotency. Never contains the credential.
  std::string Key() const {
    return absl::StrCat(kind == Kind::kApiToken ? "token:" : "jwt:", name);
  }
};

}  // namespace champion::auth
