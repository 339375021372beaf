#pragma once

// Environment overrides for absl flags: CHAMPION_<FLAG_NAME_UPPER> sets --flag_name unless
// the flag is also given on the command line (the command line wins).

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace champion {

//! Applies CHAMPION_* environment variables to the named flags. Call before
//! absl::ParseCommandLine. Returns InvalidArgument naming the variable when a value does
//! not parse as the flag's type.
absl::Status ApplyEnvironmentOverrides(const std::vector<std::string>& flag_names);

//! The environment variable that overrides `flag_name` ("database_url" ->
//! "CHAMPION_DATABASE_URL").
std::string EnvironmentVariableFor(const std::string& flag_name);

//! True for "localhost", an IPv4 address in 127.0.0.0/8 and the IPv6 "::1" (no brackets);
//! false for anything else, including names and malformed addresses.
bool IsLoopbackHost(const std::string& host);

//! True when `host_port` ("127.0.0.1:50051", "[::1]:80", "localhost:8080") names a
//! loopback address (IsLoopbackHost); false for any other or unparsable address.
bool IsLoopbackListenAddress(const std::string& host_port);

}  // namespace champion
