#pragma once

// A private directory under the system temp dir for one test, removed with its contents.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace champion::gateway::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "gw-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  //! Empty when the directory could not be made.
  const std::string& path() const { return path_; }

  //! Writes `content` to path()/name through a rename, so a reader sees the old file or
  //! the new one, never half of it. Returns the full path.
  std::string Write(const std::string& name, const std::string& content) const {
    const std::string target = path_ + "/" + name;
    const std::string staged = target + ".new";
    std::ofstream(staged, std::ios::binary | std::ios::trunc) << content;
    std::filesystem::rename(staged, target);
    return target;
  }

 private:
  std::string path_;
};

}  // namespace champion::gateway::testing
