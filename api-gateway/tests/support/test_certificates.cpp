#include "support/test_certificates.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace champion::gateway::testing {
namespace {

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

void Require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test certificate: ") + what);
}

KeyPtr NewKey() {
  KeyPtr key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  Require(key != nullptr, "EVP_EC_gen");
  return key;
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

std::string CertPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  Require(PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
  return BioText(bio.get());
}

std::string KeyPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  Require(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
          "PEM_write_bio_PrivateKey");
  return BioText(bio.get());
}

void AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  Require(ext != nullptr, "X509V3_EXT_conf_nid");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `key` named `common_name`, without extensions or signature yet.
CertPtr NewCert(EVP_PKEY* key, const std::string& common_name, long serial) {
  CertPtr cert(X509_new(), &X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("Champion tests"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  return cert;
}

}  // namespace

struct TestCertificateAuthority::Keys {
  KeyPtr key{nullptr, &EVP_PKEY_free};
  CertPtr cert{nullptr, &X509_free};
};

TestCertificateAuthority::TestCertificateAuthority(const std::string& common_name)
    : keys_(std::make_unique<Keys>()) {
  keys_->key = NewKey();
  keys_->cert = NewCert(keys_->key.get(), common_name, 1000);
  X509* cert = keys_->cert.get();
  X509_set_issuer_name(cert, X509_get_subject_name(cert));
  AddExtension(cert, cert, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  AddExtension(cert, cert, NID_subject_key_identifier, "hash");
  Require(X509_sign(cert, keys_->key.get(), EVP_sha256()) > 0, "X509_sign");
  cert_pem_ = CertPem(cert);
}

TestCertificateAuthority::~TestCertificateAuthority() = default;

PemPair TestCertificateAuthority::Issue(const LeafOptions& options) const {
  KeyPtr key = NewKey();
  CertPtr cert = NewCert(key.get(), options.common_name, options.serial);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(keys_->cert.get()));
  std::string names = options.loopback_ip ? "IP:127.0.0.1" : "";
  for (const auto& dns : options.dns_names) names += (names.empty() ? "DNS:" : ",DNS:") + dns;
  AddExtension(cert.get(), keys_->cert.get(), NID_subject_alt_name, names);
  AddExtension(cert.get(), keys_->cert.get(), NID_basic_constraints, "critical,CA:FALSE");
  AddExtension(cert.get(), keys_->cert.get(), NID_key_usage, "critical,digitalSignature");
  AddExtension(cert.get(), keys_->cert.get(), NID_ext_key_usage,
               options.client ? "clientAuth" : "serverAuth");
  AddExtension(cert.get(), keys_->cert.get(), NID_authority_key_identifier, "keyid");
  Require(X509_sign(cert.get(), keys_->key.get(), EVP_sha256()) > 0, "X509_sign");
  return {CertPem(cert.get()), KeyPem(key.get())};
}

std::string EncryptKeyPem(const std::string& key_pem, const std::string& passphrase) {
  BioPtr in(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())), &BIO_free);
  KeyPtr key(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  Require(key != nullptr, "PEM_read_bio_PrivateKey");
  BioPtr out(BIO_new(BIO_s_mem()), &BIO_free);
  Require(PEM_write_bio_PKCS8PrivateKey(out.get(), key.get(), EVP_aes_256_cbc(), nullptr, 0,
                                        nullptr, const_cast<char*>(passphrase.c_str())) == 1,
          "PEM_write_bio_PKCS8PrivateKey");
  return BioText(out.get());
}

}  // namespace champion::gateway::testing
