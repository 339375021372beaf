#include "http/tls_server_context.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace champion::gateway {
namespace {

// TLS 1.2 suites: forward secrecy (ECDHE) and AEAD only, as Mozilla's "intermediate"
// profile without the DHE ones (they need DH parameters). TLS 1.3 keeps OpenSSL's
// defaults, which are all AEAD.
constexpr char kTls12Ciphers[] =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

struct SslCtxFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;

// Drains this thread's OpenSSL error queue into one line (the queue must be left empty:
// a stale entry would be blamed on the next TLS operation of this thread).
std::string OpenSslErrors() {
  std::string out;
  while (const unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    absl::StrAppend(&out, out.empty() ? "" : "; ", buf);
  }
  return out.empty() ? "unknown error" : out;
}

// An encrypted key must fail to load, not prompt on the terminal.
int NoPassphrase(char*, int, int, void*) { return 0; }

TlsServerContext::FileStamp StampOf(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return {};
  return {.device = st.st_dev,
          .inode = st.st_ino,
          .size = st.st_size,
          .mtime_ns = int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec};
}

absl::StatusOr<SslCtxPtr> BuildContext(const TlsCertificateFiles& files) {
  ERR_clear_error();
  SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
  if (ctx == nullptr) return absl::InternalError("SSL_CTX_new: " + OpenSslErrors());
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  // Idle keep-alive connections hold no read/write buffers (up to --max_connections).
  SSL_CTX_set_mode(ctx.get(), SSL_MODE_RELEASE_BUFFERS);
  SSL_CTX_set_default_passwd_cb(ctx.get(), &NoPassphrase);
  if (SSL_CTX_set_cipher_list(ctx.get(), kTls12Ciphers) != 1) {
    return absl::InternalError("cipher list: " + OpenSslErrors());
  }
  if (SSL_CTX_use_certificate_chain_file(ctx.get(), files.cert_path.c_str()) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("certificate ", files.cert_path, ": ", OpenSslErrors()));
  }
  if (SSL_CTX_use_PrivateKey_file(ctx.get(), files.key_path.c_str(), SSL_FILETYPE_PEM) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("private key ", files.key_path, ": ", OpenSslErrors()));
  }
  if (SSL_CTX_check_private_key(ctx.get()) != 1) {
    return absl::InvalidArgumentError(absl::StrCat("private key ", files.key_path,
                                                   " does not match certificate ", files.cert_path,
                                                   ": ", OpenSslErrors()));
  }
  return ctx;
}

// "subject CN=x, serial 1A2B, valid until Jan  1 00:00:00 2030 GMT".
std::string DescribeCertificate(SSL_CTX* ctx) {
  X509* cert = SSL_CTX_get0_certificate(ctx);
  if (cert == nullptr) return "no certificate";
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  BIO_puts(bio.get(), "subject ");
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
  BIO_puts(bio.get(), ", serial ");
  std::unique_ptr<BIGNUM, decltype(&BN_free)> serial(
      ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr), &BN_free);
  if (char* hex = serial ? BN_bn2hex(serial.get()) : nullptr) {
    BIO_puts(bio.get(), hex);
    OPENSSL_free(hex);
  }
  BIO_puts(bio.get(), ", valid until ");
  ASN1_TIME_print(bio.get(), X509_get0_notAfter(cert));
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  std::string out(data, static_cast<size_t>(size));
  if (X509_cmp_current_time(X509_get0_notAfter(cert)) <= 0) out += " (EXPIRED)";
  ERR_clear_error();
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TlsServerContext>> TlsServerContext::Create(
    TlsCertificateFiles files) {
  std::unique_ptr<TlsServerContext> tls(new TlsServerContext(std::move(files)));
  absl::MutexLock lock(&tls->reload_mu_);
  tls->cert_stamp_ = StampOf(tls->files_.cert_path);
  tls->key_stamp_ = StampOf(tls->files_.key_path);
  auto ctx = BuildContext(tls->files_);
  if (!ctx.ok()) return ctx.status();
  absl::MutexLock current_lock(&tls->mu_);
  tls->description_ = DescribeCertificate(ctx->get());
  tls->current_ = std::shared_ptr<SSL_CTX>(ctx->release(), SslCtxFree());
  spdlog::info("TLS certificate: {}", tls->description_);
  return tls;
}

std::shared_ptr<ssl_ctx_st> TlsServerContext::Current() const {
  absl::MutexLock lock(&mu_);
  return current_;
}

std::string TlsServerContext::Describe() const {
  absl::MutexLock lock(&mu_);
  return description_;
}

absl::Status TlsServerContext::Reload() {
  absl::MutexLock lock(&reload_mu_);
  return ReloadLocked();
}

absl::Status TlsServerContext::ReloadIfChanged() {
  absl::MutexLock lock(&reload_mu_);
  if (StampOf(files_.cert_path) == cert_stamp_ && StampOf(files_.key_path) == key_stamp_) {
    return absl::OkStatus();
  }
  return ReloadLocked();
}

absl::Status TlsServerContext::ReloadLocked() {
  // Stamped before reading: a file replaced during the load is seen as changed next time.
  cert_stamp_ = StampOf(files_.cert_path);
  key_stamp_ = StampOf(files_.key_path);
  auto ctx = BuildContext(files_);
  if (!ctx.ok()) {
    spdlog::error("TLS reload failed, still serving {}: {}", Describe(),
                  std::string(ctx.status().message()));
    return ctx.status();
  }
  std::string description = DescribeCertificate(ctx->get());
  spdlog::info("TLS certificate reloaded: {}", description);
  absl::MutexLock lock(&mu_);
  description_ = std::move(description);
  current_ = std::shared_ptr<SSL_CTX>(ctx->release(), SslCtxFree());
  return absl::OkStatus();
}

}  // namespace champion::gateway
