#include "transcode/path_template.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace champion::gateway {
namespace {

absl::Status Bad(std::string_view text, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("path template \"", std::string(text), "\": ", std::string(why)));
}

bool IsFieldPath(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (const char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return false;
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool PercentDecode(std::string_view in, bool keep_slash, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out->push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return false;
    const int hi = HexValue(in[i + 1]);
    const int lo = HexValue(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    const char c = static_cast<char>(hi * 16 + lo);
    if (keep_slash && c == '/') {
      out->append(in.substr(i, 3));
    } else {
      out->push_back(c);
    }
    i += 2;
  }
  return true;
}

absl::StatusOr<PathTemplate> PathTemplate::Parse(std::string_view text) {
  if (text.empty() || text.front() != '/') return Bad(text, "must start with '/'");
  PathTemplate out;
  out.text_ = std::string(text);
  std::string_view rest = text.substr(1);
  // A verb is a ':' after the last '/' and the last '}'.
  const size_t last_slash = rest.rfind('/');
  const size_t last_brace = rest.rfind('}');
  size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || colon > last_slash) &&
      (last_brace == std::string_view::npos || colon > last_brace)) {
    out.verb_ = std::string(rest.substr(colon + 1));
    if (out.verb_.empty()) return Bad(text, "empty verb");
    rest = rest.substr(0, colon);
  }
  auto add_plain = [&](std::string_view seg, int variable) -> absl::Status {
    if (seg.empty()) return Bad(text, "empty segment");
    if (seg.find_first_of("{}=") != std::string_view::npos) return Bad(text, "bad segment");
    Segment s{seg == "**"  ? Kind::kMulti
              : seg == "*" ? Kind::kSingle
                           : Kind::kLiteral,
              std::string(seg), variable};
    out.segments_.push_back(std::move(s));
    return absl::OkStatus();
  };
  size_t i = 0;
  while (i < rest.size()) {
    if (rest[i] == '{') {
      const size_t close = rest.find('}', i);
      if (close == std::string_view::npos) return Bad(text, "unclosed '{'");
      const std::string_view inner = rest.substr(i + 1, close - i - 1);
      const size_t eq = inner.find('=');
      const std::string_view field = inner.substr(0, eq);
      if (!IsFieldPath(field)) return Bad(text, "bad variable name");
      const int index = static_cast<int>(out.variables_.size());
      out.variables_.emplace_back(field);
      const std::string_view sub = eq == std::string_view::npos ? "*" : inner.substr(eq + 1);
      for (absl::string_view seg : absl::StrSplit(absl::string_view(sub.data(), sub.size()), '/')) {
        if (auto st = add_plain(std::string_view(seg.data(), seg.size()), index); !st.ok()) {
          return st;
        }
      }
      i = close + 1;
    } else {
      size_t end = rest.find('/', i);
      if (end == std::string_view::npos) end = rest.size();
      if (auto st = add_plain(rest.substr(i, end - i), -1); !st.ok()) return st;
      i = end;
    }
    if (i < rest.size()) {
      if (rest[i] != '/') return Bad(text, "expected '/' after a variable");
      ++i;
      if (i == rest.size()) return Bad(text, "trailing '/'");
    }
  }
  // As google.api.http requires. Elsewhere, matching would try every split of the request
  // path among the segments around it (exponential in the number of "**").
  for (size_t seg = 0; seg + 1 < out.segments_.size(); ++seg) {
    if (out.segments_[seg].kind == Kind::kMulti) {
      return Bad(text, "\"**\" must be the last segment");
    }
  }
  return out;
}

bool PathTemplate::MatchFrom(size_t seg, const std::vector<std::string_view>& parts, size_t part,
                             std::vector<std::pair<size_t, size_t>>* spans, MatchRank* rank) const {
  if (seg == segments_.size()) return part == parts.size();
  const Segment& s = segments_[seg];
  const size_t rank_size = rank->size();
  auto try_take = [&](size_t count, int weight) {
    for (size_t k = 0; k < count; ++k) rank->push_back(weight);
    if (MatchFrom(seg + 1, parts, part + count, spans, rank)) {
      (*spans)[seg] = {part, part + count};
      return true;
    }
    rank->resize(rank_size);
    return false;
  };
  switch (s.kind) {
    case Kind::kLiteral:
      return part < parts.size() && parts[part] == s.literal && try_take(1, 2);
    case Kind::kSingle:
      return part < parts.size() && !parts[part].empty() && try_take(1, 1);
    case Kind::kMulti:
      for (size_t count = parts.size() - part + 1; count-- > 0;) {
        if (try_take(count, 0)) return true;
      }
      return false;
  }
  return false;
}

bool PathTemplate::Match(std::string_view path, std::vector<PathBinding>* bindings,
                         MatchRank* rank) const {
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  if (!verb_.empty()) {
    const std::string suffix = absl::StrCat(":", verb_);
    if (path.size() < suffix.size() || path.substr(path.size() - suffix.size()) != suffix) {
      return false;
    }
    path.remove_suffix(suffix.size());
  }
  std::vector<std::string_view> parts;
  if (!path.empty()) {
    for (absl::string_view p : absl::StrSplit(absl::string_view(path.data(), path.size()), '/')) {
      parts.emplace_back(p.data(), p.size());
    }
  }
  std::vector<std::pair<size_t, size_t>> spans(segments_.size());
  rank->clear();
  if (!MatchFrom(0, parts, 0, &spans, rank)) return false;
  rank->push_back(verb_.empty() ? 0 : 1);
  bindings->clear();
  for (size_t v = 0; v < variables_.size(); ++v) {
    size_t begin = parts.size(), end = 0, seg_count = 0;
    bool multi = false;
    for (size_t s = 0; s < segments_.size(); ++s) {
      if (segments_[s].variable != static_cast<int>(v)) continue;
      begin = std::min(begin, spans[s].first);
      end = std::max(end, spans[s].second);
      multi = multi || segments_[s].kind == Kind::kMulti;
      ++seg_count;
    }
    if (begin > end) begin = end;
    const std::string raw =
        absl::StrJoin(parts.begin() + begin, parts.begin() + end, "/",
                      [](std::string* o, std::string_view p) { o->append(p.data(), p.size()); });
    PathBinding binding{variables_[v], ""};
    if (!PercentDecode(raw, multi || seg_count > 1, &binding.value)) return false;
    bindings->push_back(std::move(binding));
  }
  return true;
}

std::vector<std::string> PathTemplate::VariableFieldPaths() const { return variables_; }

bool PathTemplate::SameShape(const PathTemplate& other) const {
  if (verb_ != other.verb_ || segments_.size() != other.segments_.size()) return false;
  for (size_t i = 0; i < segments_.size(); ++i) {
    const Segment& a = segments_[i];
    const Segment& b = other.segments_[i];
    if (a.kind != b.kind || (a.kind == Kind::kLiteral && a.literal != b.literal)) return false;
  }
  return true;
}

}  // namespace champion::gateway
