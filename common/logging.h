#pragma once

// Process-wide logging setup (spdlog). Both services log one line per event with the
// request id when there is one; tokens and secrets are never logged.

#include <string>

#include "absl/status/status.h"

namespace champion {

struct LoggingOptions {
  //! "trace", "debug", "info", "warn", "error"
  std::string level = "info";
  //! Logger name printed in every line (the service name).
  std::string name = "champion";
  //! "text" (one readable line per event) or "json" (one JSON object per line).
  std::string format = "text";
};

//! Whether `format` is a known --log_format value.
bool IsLogFormat(const std::string& format);

//! Installs the default logger. Call once at start-up, before any thread starts.
void InitLogging(const LoggingOptions& options);

//! Logs the outcome of re-reading the credential files (`why`: "SIGHUP", "changed"): info
//! when they were read, error (the previous credentials stay in force) when not.
void LogCredentialsReload(const char* why, const absl::Status& status);

}  // namespace champion
