#include "store/pg_copy.h"

#include <libpq-fe.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "store/pg_connection.h"
#include "store/pg_error.h"

namespace champion::store {
namespace {

constexpr size_t kChunkBytes = 1 << 20;

absl::Status ResultStatus(PGresult* result, std::string_view context) {
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
  std::string message =
      absl::StrCat(std::string(context), ": ", primary != nullptr ? primary : "COPY failed");
  if (detail != nullptr) absl::StrAppend(&message, " (", detail, ")");
  return absl::Status(CodeForSqlState(state != nullptr ? state : ""), message);
}

absl::Status ConnectionError(PGconn* conn, std::string_view context) {
  return absl::UnavailableError(absl::StrCat(std::string(context), ": ", PQerrorMessage(conn)));
}

}  // namespace

void CopyBuffer::Separate() {
  if (row_open_) data_.push_back('\t');
  row_open_ = true;
}

void CopyBuffer::Add(std::string_view value) {
  Separate();
  for (char c : value) {
    switch (c) {
      case '\\':
        data_ += "\\\\";
        break;
      case '\t':
        data_ += "\\t";
        break;
      case '\n':
        data_ += "\\n";
        break;
      case '\r':
        data_ += "\\r";
        break;
      default:
        data_.push_back(c);
    }
  }
}

void CopyBuffer::AddNullable(const std::optional<std::string>& value) {
  if (value) {
    Add(std::string_view(*value));
  } else {
    Separate();
    data_ += "\\N";
  }
}

void CopyBuffer::EndRow() {
  data_.push_back('\n');
  row_open_ = false;
  ++rows_;
}

absl::Status CopyIn(soci::session& sql, std::string_view copy_statement, const CopyBuffer& buffer,
                    std::string_view context) {
  PGconn* conn = NativeConnection(sql);
  PGresult* start = PQexec(conn, std::string(copy_statement).c_str());
  if (start == nullptr) return ConnectionError(conn, context);
  if (PQresultStatus(start) != PGRES_COPY_IN) {
    absl::Status status = ResultStatus(start, context);
    PQclear(start);
    return status;
  }
  PQclear(start);
  const std::string& data = buffer.data();
  bool sent = true;
  for (size_t offset = 0; offset < data.size() && sent; offset += kChunkBytes) {
    const size_t n = std::min(kChunkBytes, data.size() - offset);
    sent = PQputCopyData(conn, data.data() + offset, static_cast<int>(n)) == 1;
  }
  if (!sent || PQputCopyEnd(conn, nullptr) != 1) return ConnectionError(conn, context);
  absl::Status status = absl::OkStatus();
  while (PGresult* result = PQgetResult(conn)) {
    if (PQresultStatus(result) != PGRES_COMMAND_OK && status.ok()) {
      status = ResultStatus(result, context);
    }
    PQclear(result);
  }
  return status;
}

}  // namespace champion::store
