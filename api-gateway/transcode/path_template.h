#pragma once

// google.api.http path templates:
//   Template = "/" Segments [ ":" Verb ] ;  Segment = "*" | "**" | LITERAL | Variable ;
//   Variable = "{" FieldPath [ "=" Segments ] "}" ;  FieldPath = IDENT { "." IDENT } ;
// "{x}" is "{x=*}". "**" matches zero or more segments and must be the last segment (so
// matching is linear in the request path).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace champion::gateway {

//! A variable bound by a match: the field path ("selection_id", "run.id") and the
//! percent-decoded value ("**" values keep '/' between segments, and "%2F" encoded).
struct PathBinding {
  std::string field_path;
  std::string value;
};

//! How specific a match is, compared lexicographically (greater wins): one entry per
//! request path segment (2 literal, 1 "*", 0 "**"), then 1 when the template has a verb.
using MatchRank = std::vector<int>;

class PathTemplate {
 public:
  //! Parses a template; InvalidArgument with the reason on bad syntax.
  static absl::StatusOr<PathTemplate> Parse(std::string_view text);

  //! Matches a raw (still percent-encoded) request path without query. On success fills
  //! `bindings` and `rank`; on failure leaves them unspecified.
  bool Match(std::string_view path, std::vector<PathBinding>* bindings, MatchRank* rank) const;

  const std::string& text() const { return text_; }
  const std::string& verb() const { return verb_; }
  //! Field paths of the variables, in template order.
  std::vector<std::string> VariableFieldPaths() const;
  //! Same segments and verb (so two templates name the same resource).
  bool SameShape(const PathTemplate& other) const;

 private:
  enum class Kind { kLiteral, kSingle, kMulti };
  struct Segment {
    Kind kind;
    std::string literal;
    int variable = -1;  //!< index into variables_, or -1
  };

  bool MatchFrom(size_t seg, const std::vector<std::string_view>& parts, size_t part,
                 std::vector<std::pair<size_t, size_t>>* spans, MatchRank* rank) const;

  std::string text_;
  std::vector<Segment> segments_;
  std::vector<std::string> variables_;
  std::string verb_;
};

//! Percent-decodes `in`; '+' stays '+'. With `keep_slash`, "%2F"/"%2f" stay encoded.
//! False on a malformed escape.
bool PercentDecode(std::string_view in, bool keep_slash, std::string* out);

}  // namespace champion::gateway
