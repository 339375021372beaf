#pragma once

// Internal to champion_store: bulk loading with COPY ... FROM STDIN through the libpq
// connection under a SOCI session (one round trip instead of one INSERT per row).

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "soci/soci.h"

namespace champion::store {

//! Builds the COPY text-format payload: fields separated by tabs, rows by newlines, NULL as
//! \N, and backslash, tab, CR and LF escaped.
class CopyBuffer {
 public:
  void Add(std::string_view value);
  void AddNullable(const std::optional<std::string>& value);
  void EndRow();
  const std::string& data() const { return data_; }
  size_t rows() const { return rows_; }

 private:
  void Separate();
  std::string data_;
  bool row_open_ = false;
  size_t rows_ = 0;
};

//! Runs `copy_statement` (a `COPY table (cols) FROM STDIN`) and streams `buffer` into it, on
//! the session's connection and inside its current transaction if any.
//! Errors: mapped from the server's SQLSTATE (pg_error.h); `context` prefixes the message.
absl::Status CopyIn(soci::session& sql, std::string_view copy_statement, const CopyBuffer& buffer,
                    std::string_view context);

}  // namespace champion::store
