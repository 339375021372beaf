#include "ingest/csv_reader.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace champion::ingest {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string Trim(std::string_view s) {
  size_t begin = 0;
  size_t end = s.size();
  while (begin < end && IsBlank(s[begin])) ++begin;
  while (end > begin && IsBlank(s[end - 1])) --end;
  return std::string(s.substr(begin, end - begin));
}

absl::Status LineError(int line, const std::string& reason) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", reason));
}

}  // namespace

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.substr(0, kUtf8Bom.size()) == kUtf8Bom) pos_ = kUtf8Bom.size();
}

absl::StatusOr<bool> CsvReader::Next(CsvRecord* record) {
  if (pos_ >= text_.size()) return false;
  record->line = line_;
  record->fields.clear();
  record->blank = false;
  const size_t record_start = pos_;
  while (true) {
    // Leading blanks before an opening quote are tolerated.
    size_t probe = pos_;
    while (probe < text_.size() && IsBlank(text_[probe])) ++probe;
    if (probe < text_.size() && text_[probe] == '"') {
      pos_ = probe;
      absl::StatusOr<std::string> field = ReadQuoted(record->line);
      if (!field.ok()) return field.status();
      record->fields.push_back(*std::move(field));
    } else {
      record->fields.push_back(ReadUnquoted());
      if (pos_ < text_.size() && text_[pos_] == '"') {
        return LineError(line_, "unexpected '\"' inside an unquoted field");
      }
    }
    if (pos_ >= text_.size()) break;
    const char c = text_[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    // End of record: LF or CRLF.
    if (c == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    ++line_;
    break;
  }
  std::string_view raw = text_.substr(record_start, pos_ - record_start);
  record->blank = raw.empty() || raw == "\n" || raw == "\r\n" || raw == "\r";
  return true;
}

std::string CsvReader::ReadUnquoted() {
  const size_t start = pos_;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == ',' || c == '\n' || c == '"') break;
    if (c == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n')) break;
    ++pos_;
  }
  return Trim(text_.substr(start, pos_ - start));
}

absl::StatusOr<std::string> CsvReader::ReadQuoted(int record_line) {
  ++pos_;  // opening quote
  std::string value;
  while (true) {
    if (pos_ >= text_.size()) {
      return LineError(record_line, "unterminated quoted field");
    }
    const char c = text_[pos_++];
    if (c == '"') {
      if (pos_ < text_.size() && text_[pos_] == '"') {
        value.push_back('"');
        ++pos_;
        continue;
      }
      break;
    }
    if (c == '\n') ++line_;
    value.push_back(c);
  }
  while (pos_ < text_.size() && IsBlank(text_[pos_])) ++pos_;
  if (pos_ < text_.size()) {
    const char c = text_[pos_];
    const bool at_end = c == ',' || c == '\n' ||
                        (c == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n'));
    if (!at_end) return LineError(line_, "unexpected text after a closing quote");
  }
  return value;
}

}  // namespace champion::ingest
