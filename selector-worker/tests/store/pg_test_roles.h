#pragma once

// db/roles.sql for tests: the schema owner and the runtime role of one test database, with
// unique names and random passwords, provisioned by the real script through psql.

#include <string>

#include "absl/status/status.h"

namespace champion::test {

struct TestRoles {
  std::string owner;           //!< Owns the schema: migrations and the seed log in as it.
  std::string owner_password;  //!< Random, 32 hex digits.
  std::string app;             //!< The worker's runtime role: DML only.
  std::string app_password;

  //! Roles named `<prefix>_owner` and `<prefix>_app` with fresh random passwords.
  static TestRoles Named(const std::string& prefix);
};

//! Runs db/roles.sql with psql on the database `conninfo` names (a superuser's conninfo), the
//! passwords in psql's environment. Errors: Internal with psql's output.
absl::Status ProvisionRoles(const std::string& conninfo, const TestRoles& roles);

//! DROP ROLE IF EXISTS both, over `admin_conninfo`; call once the roles' database is gone.
//! Best effort: failures are ignored (a leftover role harms no other test).
void DropRoles(const std::string& admin_conninfo, const TestRoles& roles);

//! The repository's db/roles.sql.
inline std::string RolesScript() { return CHAMPION_ROLES_SQL; }

}  // namespace champion::test
