#pragma once

// A small RFC 4180 record reader: comma-separated fields, optional double-quoted fields with
// "" as an escaped quote (quoted fields may span lines), LF or CRLF line ends. Unquoted fields
// are trimmed of surrounding spaces and tabs.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace champion::ingest {

//! One CSV record.
struct CsvRecord {
  int line = 0;                     //!< 1-based physical line where the record starts.
  std::vector<std::string> fields;  //!< At least one field (a blank line is one empty field).
  bool blank = false;               //!< The line was empty (no characters besides the EOL).
};

//! Reads records one by one from text it does not own (the text must outlive the reader).
//! Not thread-safe.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text);

  //! The next record, or nullopt-like `false` at end of input.
  //! Errors: InvalidArgument "line N: reason" for an unterminated quoted field or text after a
  //! closing quote or a quote inside an unquoted field.
  absl::StatusOr<bool> Next(CsvRecord* record);

 private:
  absl::StatusOr<std::string> ReadQuoted(int record_line);
  std::string ReadUnquoted();

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace champion::ingest
