#pragma once

// Test support: a throwaway PKI made with the openssl command line in a temporary folder —
// a CA, a server certificate for localhost / 127.0.0.1 / ::1, a client certificate, and a
// second, unrelated CA (for "wrong CA" cases). Deleted with the object.

#include <string>

namespace champion::testing {

class TestPki {
 public:
  TestPki();
  ~TestPki();
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  std::string dir() const { return dir_; }
  std::string ca_cert() const { return dir_ + "/ca.crt"; }
  std::string server_cert() const { return dir_ + "/server.crt"; }
  std::string server_key() const { return dir_ + "/server.key"; }
  std::string client_cert() const { return dir_ + "/client.crt"; }
  std::string client_key() const { return dir_ + "/client.key"; }
  std::string other_ca_cert() const { return dir_ + "/other-ca.crt"; }

  //! The contents of a file in the folder.
  static std::string Read(const std::string& path);

 private:
  std::string dir_;
};

}  // namespace champion::testing
