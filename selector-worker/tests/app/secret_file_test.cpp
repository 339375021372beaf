#include "app/secret_file.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>

namespace champion::app {
namespace {

// A file in a fresh private folder, deleted with it.
class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    char pattern[] = "/tmp/champion-secret-XXXXXX";
    const char* dir = mkdtemp(pattern);
    REQUIRE(dir != nullptr);
    dir_ = dir;
    path_ = dir_ + "/secret";
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() {
    std::remove(path_.c_str());
    rmdir(dir_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
};

TEST_CASE("ReadSecretFile strips the trailing line break only", "[app][secret]") {
  struct Case {
    std::string content, expected;
  };
  for (const Case& c :
       {Case{"s3cret\n", "s3cret"}, Case{"s3cret", "s3cret"}, Case{"s3cret\r\n", "s3cret"},
        Case{" a b \n", " a b "}, Case{"line1\nline2\n", "line1\nline2"}}) {
    TempFile file(c.content);
    auto secret = ReadSecretFile(file.path());
    REQUIRE(secret.ok());
    CHECK(*secret == c.expected);
  }
}

TEST_CASE("ReadSecretFile names the file, never the content", "[app][secret]") {
  SECTION("missing") {
    auto secret = ReadSecretFile("/nonexistent/champion/password");
    REQUIRE(secret.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(secret.status().message()),
               Catch::Matchers::Contains("/nonexistent/champion/password"));
  }
  SECTION("empty or only a newline") {
    for (const char* content : {"", "\n", "\r\n\n"}) {
      TempFile file(content);
      auto secret = ReadSecretFile(file.path());
      REQUIRE(secret.status().code() == absl::StatusCode::kInvalidArgument);
      CHECK_THAT(std::string(secret.status().message()), Catch::Matchers::EndsWith("is empty"));
    }
  }
  SECTION("a NUL byte") {
    TempFile file(std::string("s3cr\0et", 7));
    auto secret = ReadSecretFile(file.path());
    REQUIRE(secret.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(secret.status().message()), !Catch::Matchers::Contains("s3cr"));
  }
  SECTION("too large to be a secret") {
    TempFile file(std::string(70 * 1024, 'x'));
    auto secret = ReadSecretFile(file.path());
    REQUIRE(secret.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(secret.status().message()), Catch::Matchers::Contains("larger"));
  }
  SECTION("a folder") {
    CHECK(ReadSecretFile("/tmp").status().code() == absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace champion::app
