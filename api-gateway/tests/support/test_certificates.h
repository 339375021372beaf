#pragma once

// Certificates made by the tests themselves (OpenSSL's C API, P-256 keys): a CA and leaf
// certificates it signs, as PEM text.

#include <memory>
#include <string>
#include <vector>

namespace champion::gateway::testing {

struct PemPair {
  std::string cert;  //!< PEM certificate
  std::string key;   //!< PEM private key (PKCS#8, unencrypted)
};

struct LeafOptions {
  std::string common_name = "localhost";
  long serial = 1;
  //! Subject alternative names (DNS), and IP:127.0.0.1 when loopback_ip.
  std::vector<std::string> dns_names = {"localhost"};
  bool loopback_ip = true;
  bool client = false;  //!< extended key usage clientAuth instead of serverAuth
};

class TestCertificateAuthority {
 public:
  //! A self-signed CA valid from an hour ago for a day.
  explicit TestCertificateAuthority(const std::string& common_name);
  ~TestCertificateAuthority();

  const std::string& cert_pem() const { return cert_pem_; }

  //! A leaf certificate signed by this CA, with a fresh key, valid like the CA.
  PemPair Issue(const LeafOptions& options) const;

  struct Keys;

 private:
  std::unique_ptr<Keys> keys_;
  std::string cert_pem_;
};

//! `key_pem` encrypted with `passphrase` (AES-256-CBC), as a key that needs a password.
std::string EncryptKeyPem(const std::string& key_pem, const std::string& passphrase);

}  // namespace champion::gateway::testing
