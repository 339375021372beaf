#pragma once

// Secrets read from files (a Kubernetes secret volume, a file of mode 0600), so that they
// appear in no command line and no environment listing.

#include <string>

#include "absl/status/statusor.h"

namespace champion::app {

//! The content of the file at `path` without its trailing line breaks ("\n", "\r\n").
//! Errors: InvalidArgument naming the path (never the content) when the file cannot be read,
//! is larger than 64 KiB, is empty once stripped, or holds a NUL byte.
absl::StatusOr<std::string> ReadSecretFile(const std::string& path);

}  // namespace champion::app
