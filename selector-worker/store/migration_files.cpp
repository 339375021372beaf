#include "store/migration_files.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace champion::store {
namespace {

struct ParsedName {
  int version = 0;
  std::string name;
  bool up = false;
};

bool ParseFileName(const std::string& file, ParsedName* out) {
  std::string stem;
  if (absl::EndsWith(file, ".up.sql")) {
    stem = file.substr(0, file.size() - 7);
    out->up = true;
  } else if (absl::EndsWith(file, ".down.sql")) {
    stem = file.substr(0, file.size() - 9);
    out->up = false;
  } else {
    return false;
  }
  const size_t underscore = stem.find('_');
  if (underscore == std::string::npos || underscore == 0 || underscore + 1 == stem.size()) {
    return false;
  }
  const char* begin = stem.data();
  auto [ptr, ec] = std::from_chars(begin, begin + underscore, out->version);
  if (ec != std::errc() || ptr != begin + underscore || out->version < 1) return false;
  out->name = stem.substr(underscore + 1);
  for (char c : out->name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

absl::StatusOr<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InternalError(absl::StrCat("cannot read ", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

absl::StatusOr<std::vector<Migration>> LoadMigrations(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return absl::NotFoundError(absl::StrCat("migrations directory not found: ", dir));
  }
  std::map<int, Migration> by_version;
  std::map<int, int> halves;  // version -> bit 1 up, bit 2 down
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    if (!absl::EndsWith(file, ".sql")) continue;
    ParsedName parsed;
    if (!ParseFileName(file, &parsed)) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad migration file name '", file, "' (want NNNN_name.up.sql / .down.sql)"));
    }
    Migration& m = by_version[parsed.version];
    if (!m.name.empty() && m.name != parsed.name) {
      return absl::InvalidArgumentError(absl::StrCat(
          "migration version ", parsed.version, " has two names: ", m.name, ", ", parsed.name));
    }
    const int bit = parsed.up ? 1 : 2;
    if (halves[parsed.version] & bit) {
      return absl::InvalidArgumentError(absl::StrCat("duplicate migration file ", file));
    }
    halves[parsed.version] |= bit;
    m.version = parsed.version;
    m.name = parsed.name;
    absl::StatusOr<std::string> sql = ReadFile(entry.path());
    if (!sql.ok()) return sql.status();
    (parsed.up ? m.up_sql : m.down_sql) = *std::move(sql);
  }
  if (ec) return absl::InternalError(absl::StrCat("cannot list ", dir, ": ", ec.message()));
  std::vector<Migration> out;
  for (auto& [version, migration] : by_version) {
    if (halves[version] != 3) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration ", version, "_", migration.name, " lacks its ",
                       (halves[version] & 1) ? "down" : "up", " file"));
    }
    out.push_back(std::move(migration));
  }
  return out;
}

}  // namespace champion::store
