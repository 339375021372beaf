#pragma once

// libpq connection strings: checked and normalized once, and the one place a password joins
// one. A conninfo that carries a password is a secret: never log it.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace champion::store {

//! Validates a libpq conninfo (keyword=value or postgresql:// URI) and returns it in the
//! keyword=value form SOCI handles (SOCI mangles URIs, docs/TOOLCHAIN.md fact 8). Every keyword
//! given passes through with its value, in libpq's keyword order: sslmode, sslrootcert,
//! sslcert, sslkey, passfile, ... reach libpq as written. Keywords not given stay unset, so
//! libpq still reads its environment (PGPASSWORD, PGPASSFILE, PGSSLMODE, ...).
//! Errors: InvalidArgument with libpq's reason (the conninfo itself is not echoed: it may
//! carry a password).
absl::StatusOr<std::string> NormalizeConninfo(std::string_view conninfo);

//! Whether `conninfo` sets a password (password=..., or a URI's user:password@).
//! Errors: as NormalizeConninfo.
absl::StatusOr<bool> ConninfoHasPassword(std::string_view conninfo);

//! NormalizeConninfo(conninfo) with password=`password` in place of any password it had;
//! `conninfo` unchanged (normalized) when `password` is empty.
//! Errors: as NormalizeConninfo; InvalidArgument when `password` holds a NUL byte.
absl::StatusOr<std::string> ConninfoWithPassword(std::string_view conninfo,
                                                 std::string_view password);

}  // namespace champion::store
