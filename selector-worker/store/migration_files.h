#pragma once

// Migration files on disk: `NNNN_name.up.sql` / `NNNN_name.down.sql` pairs in one directory.

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace champion::store {

struct Migration {
  int version = 0;       //!< NNNN, >= 1
  std::string name;      //!< "init"
  std::string up_sql;    //!< Runs inside one transaction; must not BEGIN/COMMIT itself.
  std::string down_sql;  //!< Must fully undo up_sql.
};

//! Reads every `*.sql` file of `dir`, sorted by version. File names must match
//! `^[0-9]+_[a-z0-9_]+\.(up|down)\.sql$`; each version needs exactly one up and one down with
//! the same name. Other files (README, ...) are ignored.
//! Errors: NotFound (no such directory), InvalidArgument (a bad name, a missing half, a
//! duplicate version), Internal (unreadable file).
absl::StatusOr<std::vector<Migration>> LoadMigrations(const std::string& dir);

}  // namespace champion::store
