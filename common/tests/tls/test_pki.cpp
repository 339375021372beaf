#include "test_pki.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace champion::testing {
namespace {

void Run(const std::string& command) {
  if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) {
    throw std::runtime_error("test PKI: failed: " + command);
  }
}

// A P-256 key and a certificate for `subject` signed by `ca` (self-signed when empty).
void Issue(const std::string& dir, const std::string& name, const std::string& subject,
           const std::string& ca, const std::string& extensions) {
  const std::string key = dir + "/" + name + ".key";
  const std::string cert = dir + "/" + name + ".crt";
  Run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + key);
  std::ofstream(dir + "/" + name + ".ext") << extensions;
  if (ca.empty()) {
    Run("openssl req -x509 -new -key " + key + " -subj '" + subject + "' -days 2 -out " + cert +
        " -extensions v3 -config " + dir + "/" + name + ".ext");
    return;
  }
  Run("openssl req -new -key " + key + " -subj '" + subject + "' -out " + dir + "/" + name +
      ".csr");
  Run("openssl x509 -req -in " + dir + "/" + name + ".csr -CA " + dir + "/" + ca + ".crt -CAkey " +
      dir + "/" + ca + ".key -CAcreateserial -days 2 -out " + cert + " -extfile " + dir + "/" +
      name + ".ext -extensions v3");
}

constexpr char kCaExtensions[] =
    "[req]\ndistinguished_name=dn\n[dn]\n[v3]\nbasicConstraints=critical,CA:TRUE\n"
    "keyUsage=critical,keyCertSign,cRLSign\n";
constexpr char kServerExtensions[] =
    "[v3]\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
    "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n";
constexpr char kClientExtensions[] =
    "[v3]\nbasicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n";

}  // namespace

TestPki::TestPki() {
  char pattern[] = "/tmp/champion-pki-XXXXXX";
  dir_ = mkdtemp(pattern);
  Issue(dir_, "ca", "/CN=Champion test CA", "", kCaExtensions);
  Issue(dir_, "other-ca", "/CN=Another CA", "", kCaExtensions);
  Issue(dir_, "server", "/CN=localhost", "ca", kServerExtensions);
  Issue(dir_, "client", "/CN=api-gateway", "ca", kClientExtensions);
}

TestPki::~TestPki() { std::filesystem::remove_all(dir_); }

std::string TestPki::Read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace champion::testing
