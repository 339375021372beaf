#pragma once

// Turns an `Authorization: Bearer <credential>` value into an Identity: API tokens from a
// tokens file (token_table.h) and JWTs verified against local public keys
// (jwt_verifier.h), either or both. The files are re-read by Reload() (SIGHUP) and by
// ReloadIfChanged() (a periodic check); a file that no longer parses keeps the previous
// credentials in force and is reported, so a bad edit never locks everyone out.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/identity.h"
#include "common/auth/jwt_verifier.h"
#include "common/auth/token_table.h"

namespace champion::auth {

struct AuthOptions {
  std::string tokens_file;    //!< API tokens; empty: none
  std::string jwt_keys_file;  //!< PEM or JWKS public keys; empty: no JWTs
  std::string jwt_issuer;     //!< required with jwt_keys_file
  std::string jwt_audience;   //!< required with jwt_keys_file
  absl::Duration jwt_leeway = absl::Seconds(60);
};

//! Largest Authorization value looked at, bytes (a JWT plus "Bearer ").
inline constexpr size_t kMaxAuthorizationBytes = kMaxJwtBytes + 16;

class Authenticator {
 public:
  //! Reads the files. InvalidArgument when one cannot be read or parsed, or JWT keys are
  //! given without issuer and audience. With neither file, authentication is off.
  static absl::StatusOr<std::unique_ptr<Authenticator>> Create(const AuthOptions& options);

  //! Whether any credential source is configured.
  bool enabled() const { return enabled_; }

  //! The identity behind an Authorization value ("Bearer <credential>", scheme case-
  //! insensitive). Unauthenticated when it is missing, malformed, unknown, expired, ...;
  //! the message says why and never repeats the credential. Thread-safe.
  absl::StatusOr<Identity> Authenticate(std::string_view authorization, absl::Time now) const;

  //! Re-reads both files now; on error keeps the credentials in force and returns it.
  absl::Status Reload();
  //! Reload() when a file's modification time, size or inode changed since the last
  //! read; nullopt when nothing changed.
  std::optional<absl::Status> ReloadIfChanged();

  //! Counts of what is loaded, for logs.
  size_t token_count() const;
  bool jwt_enabled() const { return !options_.jwt_keys_file.empty(); }

 private:
  struct Credentials {
    std::optional<TokenTable> tokens;
    std::optional<JwtVerifier> jwt;
  };
  explicit Authenticator(AuthOptions options)
      : options_(std::move(options)),
        enabled_(!options_.tokens_file.empty() || !options_.jwt_keys_file.empty()) {}
  absl::StatusOr<std::shared_ptr<const Credentials>> Load() const;
  std::string Stamps() const;
  std::shared_ptr<const Credentials> Current() const;

  const AuthOptions options_;
  const bool enabled_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const Credentials> credentials_ ABSL_GUARDED_BY(mu_);
  std::string stamps_ ABSL_GUARDED_BY(mu_);  // file stamps at the last successful read
};

//! PermissionDenied naming the missing scope, or OK.
absl::Status Authorize(const Identity& identity, Scope required);

}  // namespace champion::auth
