#include "store/pg_error.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/internal_detail.h"
#include "soci/postgresql/soci-postgresql.h"

namespace champion::store {

absl::StatusCode CodeForSqlState(std::string_view sqlstate) {
  // libpq's own errors (the connection broke) carry no SQLSTATE: SOCI reports five blanks.
  const std::string state(
      absl::StripAsciiWhitespace(absl::string_view(sqlstate.data(), sqlstate.size())));
  if (state.empty()) return absl::StatusCode::kUnavailable;
  if (state == "23505") return absl::StatusCode::kAlreadyExists;
  if (state == "40001" || state == "40P01") return absl::StatusCode::kAborted;
  if (state == "57014") return absl::StatusCode::kDeadlineExceeded;
  if (state == "21000") return absl::StatusCode::kInvalidArgument;  // cardinality violation
  const std::string cls = state.substr(0, 2);
  if (cls == "23" || cls == "22") return absl::StatusCode::kInvalidArgument;
  if (cls == "08" || cls == "53" || absl::StartsWith(state, "57P")) {
    return absl::StatusCode::kUnavailable;
  }
  return absl::StatusCode::kInternal;
}

namespace {

// How SOCI's PostgreSQL backend begins the message of a failed connect.
constexpr char kConnectFailed[] = "Cannot establish connection";

// What a client may read: the operation and the kind of failure, never the server's text
// (it can quote values and SQL); that goes to the log as the internal detail.
std::string PublicMessage(absl::StatusCode code, std::string_view context) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
      return absl::StrCat(std::string(context), ": the database rejected a value");
    case absl::StatusCode::kAlreadyExists:
      return absl::StrCat(std::string(context), ": the row already exists");
    case absl::StatusCode::kUnavailable:
      return absl::StrCat(std::string(context), ": the database is unavailable");
    case absl::StatusCode::kDeadlineExceeded:
      return absl::StrCat(std::string(context), ": the database did not answer in time");
    case absl::StatusCode::kAborted:
      return absl::StrCat(std::string(context), ": a concurrent change conflicted; retry");
    default:
      return absl::StrCat(std::string(context), ": database error");
  }
}

}  // namespace

absl::Status StatusFromSoci(const soci::soci_error& error, std::string_view context) {
  // The first line of the message is the server's error; the rest repeats the statement. A
  // failed connect is the exception: SOCI's first line is generic and libpq's reason (bad
  // password, SSL required, ...) follows, so the operator's log keeps all of it.
  std::string message = error.get_error_message();
  if (absl::StartsWith(message, kConnectFailed)) {
    message = absl::StrJoin(absl::StrSplit(message, '\n', absl::SkipWhitespace()), " ");
  } else if (auto eol = message.find('\n'); eol != std::string::npos) {
    message.resize(eol);
  }
  absl::StatusCode code = absl::StatusCode::kInternal;
  std::string sqlstate;
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    sqlstate = pg->sqlstate();
    code = CodeForSqlState(sqlstate);
  } else if (error.get_error_category() == soci::soci_error::connection_error ||
             absl::StrContains(message, "connection") ||
             absl::StartsWith(message, kConnectFailed)) {
    // SOCI reports a failed connect as a plain soci_error (docs/TOOLCHAIN.md fact 7).
    code = absl::StatusCode::kUnavailable;
  }
  return WithInternalDetail(
      absl::Status(code, PublicMessage(code, context)),
      absl::StrCat(sqlstate.empty() ? "" : absl::StrCat("SQLSTATE ", sqlstate, ": "), message));
}

}  // namespace champion::store
