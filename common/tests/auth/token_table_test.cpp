#include "common/auth/token_table.h"

#include <catch2/catch.hpp>

#include "absl/strings/str_cat.h"

namespace champion::auth {

TEST_CASE("SHA-256 is the standard one", "[unit][auth]") {
  CHECK(Sha256Hex("test") == "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("A tokens file maps a token's hash to its name and scopes", "[unit][auth]") {
  const std::string text =
      absl::StrCat("# comment\n\n", "dashboard ", Sha256Hex("secret-1"), " runs:read,data:read\n",
                   "  importer\t", Sha256Hex("secret-2"), "\tdata:write  \n");
  auto table = TokenTable::Parse(text);
  REQUIRE(table.ok());
  CHECK(table->size() == 2);
  auto dashboard = table->Find("secret-1");
  REQUIRE(dashboard.has_value());
  CHECK(dashboard->name == "dashboard");
  CHECK(dashboard->Key() == "token:dashboard");
  CHECK(dashboard->scopes.Has(Scope::kRunsRead));
  CHECK_FALSE(dashboard->scopes.Has(Scope::kRunsWrite));
  CHECK(table->Find("secret-2")->scopes.Has(Scope::kDataWrite));
  CHECK_FALSE(table->Find("secret-3").has_value());
  CHECK_FALSE(table->Find("").has_value());
  CHECK_FALSE(table->Find(Sha256Hex("secret-1")).has_value());  // the hash is not the token
}

TEST_CASE("Upper-case hashes match", "[unit][auth]") {
  std::string hash = Sha256Hex("tok");
  for (char& c : hash) c = static_cast<char>(std::toupper(c));
  auto table = TokenTable::Parse(absl::StrCat("ops ", hash, " admin\n"));
  REQUIRE(table.ok());
  CHECK(table->Find("tok").has_value());
}

TEST_CASE("A malformed tokens file names the line and never echoes a hash", "[unit][auth]") {
  const std::string hash = Sha256Hex("x");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {absl::StrCat("ok ", hash, " admin\nbroken ", hash, "\n"), "line 2: expected three"},
      {absl::StrCat("bad/name ", hash, " admin\n"), "line 1: the name"},
      {"name 1234 admin\n", "line 1: the second field"},
      {absl::StrCat("n ", hash, " runs:delete\n"), "unknown scope \"runs:delete\""},
      {absl::StrCat("n ", hash, " ,\n"), "no scopes"},
      {absl::StrCat("a ", hash, " admin\nb ", hash, " admin\n"), "line 2: this hash"},
  };
  for (const auto& [text, expected] : cases) {
    auto table = TokenTable::Parse(text);
    INFO(text);
    REQUIRE_FALSE(table.ok());
    CHECK_THAT(std::string(table.status().message()), Catch::Contains(expected));
    CHECK_THAT(std::string(table.status().message()), !Catch::Contains(hash));
  }
}

}  // namespace champion::auth
