#include "store/conninfo.h"

#include <catch2/catch.hpp>
#include <string>

namespace champion::store {
namespace {

TEST_CASE("NormalizeConninfo passes the TLS settings through to libpq", "[store][conninfo]") {
  auto normalized = NormalizeConninfo(
      "host=db.example dbname=champion user=champion_app sslmode=verify-full "
      "sslrootcert=/etc/champion/pg/ca.crt sslcert=/etc/champion/pg/client.crt "
      "sslkey=/etc/champion/pg/client.key passfile=/run/secrets/pgpass");
  REQUIRE(normalized.ok());
  for (const char* setting :
       {"sslmode='verify-full'", "sslrootcert='/etc/champion/pg/ca.crt'",
        "sslcert='/etc/champion/pg/client.crt'", "sslkey='/etc/champion/pg/client.key'",
        "passfile='/run/secrets/pgpass'", "host='db.example'", "user='champion_app'"}) {
    INFO(setting);
    CHECK(normalized->find(setting) != std::string::npos);
  }
}

TEST_CASE("NormalizeConninfo rejects a malformed conninfo without echoing it",
          "[store][conninfo]") {
  auto normalized = NormalizeConninfo("host=db password='s3cret");
  REQUIRE(normalized.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(normalized.status().message()).find("s3cret") == std::string::npos);
}

TEST_CASE("ConninfoHasPassword finds a password in either form", "[store][conninfo]") {
  CHECK(*ConninfoHasPassword("host=db password=x"));
  CHECK(*ConninfoHasPassword("host=db password = 'a b'"));
  CHECK(*ConninfoHasPassword("postgresql://bob:x@db/champion"));
  CHECK_FALSE(*ConninfoHasPassword("host=db user=bob passfile=/run/secrets/pgpass"));
  CHECK_FALSE(*ConninfoHasPassword("postgresql://bob@db/champion"));
  CHECK(ConninfoHasPassword("host=db password='x").status().code() ==
        absl::StatusCode::kInvalidArgument);
}

TEST_CASE("ConninfoWithPassword adds the password once, quoted", "[store][conninfo]") {
  SECTION("quotes and backslashes are escaped") {
    auto conninfo = ConninfoWithPassword("host=db sslmode=require", R"(it's \ me)");
    REQUIRE(conninfo.ok());
    CHECK(*conninfo == R"(host='db' sslmode='require' password='it\'s \\ me')");
  }
  SECTION("a password in the conninfo is replaced, not repeated") {
    auto conninfo = ConninfoWithPassword("host=db password=old user=u", "new");
    REQUIRE(conninfo.ok());
    CHECK(*conninfo == "user='u' host='db' password='new'");
  }
  SECTION("an empty password leaves the conninfo as it is") {
    auto conninfo = ConninfoWithPassword("host=db user=u", "");
    REQUIRE(conninfo.ok());
    CHECK(*conninfo == "user='u' host='db'");
  }
  SECTION("a NUL byte is refused") {
    auto conninfo = ConninfoWithPassword("host=db", std::string("a\0b", 3));
    CHECK(conninfo.status().code() == absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace champion::store
