#pragma once

// The HTTPS server's certificate and key, as an OpenSSL context for new connections,
// rebuilt when the files change: connections already open keep the context they started
// with, and a replacement that does not load leaves the current one in use. Plain OpenSSL
// (no Asio); the server wraps Current() per connection.

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

struct ssl_ctx_st;  // OpenSSL's SSL_CTX

namespace champion::gateway {

struct TlsCertificateFiles {
  std::string cert_path;  //!< PEM: the server certificate, then any intermediates
  std::string key_path;   //!< PEM: its private key, unencrypted
};

class TlsServerContext {
 public:
  //! Loads the pair: TLS 1.2 and 1.3 only, ECDHE + AEAD suites for TLS 1.2 (OpenSSL's
  //! defaults for 1.3), no renegotiation, no compression. InvalidArgument naming the file
  //! and OpenSSL's reason when a file is missing or unreadable, is not PEM, is an
  //! encrypted key, or when the key does not match the certificate.
  static absl::StatusOr<std::unique_ptr<TlsServerContext>> Create(TlsCertificateFiles files);

  //! The context for a new connection; never null. Thread-safe.
  std::shared_ptr<ssl_ctx_st> Current() const;

  //! Loads the files again now (e.g. on SIGHUP). On success new connections use the new
  //! pair; on error the current pair stays in use. Either way one log line says what
  //! happened. Thread-safe.
  absl::Status Reload();

  //! Reloads when either file's identity (device, inode, size, modification time) differs
  //! from the last load attempt, so a bad replacement is reported once, not at every
  //! check. OK when nothing changed. Thread-safe.
  absl::Status ReloadIfChanged();

  //! The current certificate for logs: "subject ..., serial ..., valid until ...".
  std::string Describe() const;

  //! One file's identity as stat(2) sees it; all zero when it cannot be read.
  struct FileStamp {
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = 0;
    int64_t mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
  };

 private:
  explicit TlsServerContext(TlsCertificateFiles files) : files_(std::move(files)) {}
  absl::Status ReloadLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(reload_mu_);

  const TlsCertificateFiles files_;
  absl::Mutex reload_mu_;  // one load at a time; taken before mu_
  FileStamp cert_stamp_ ABSL_GUARDED_BY(reload_mu_);
  FileStamp key_stamp_ ABSL_GUARDED_BY(reload_mu_);
  mutable absl::Mutex mu_;
  std::shared_ptr<ssl_ctx_st> current_ ABSL_GUARDED_BY(mu_);
  std::string description_ ABSL_GUARDED_BY(mu_);
};

}  // namespace champion::gateway
