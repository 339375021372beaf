#include "common/descriptor_set.h"

#include <cstdlib>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"

namespace champion {
namespace {

namespace pb = google::protobuf;

// The embedded files in a pool of their own: the generated pool has no source info.
const pb::DescriptorPool& CommentedPool() {
  static const pb::DescriptorPool* const pool = [] {
    pb::FileDescriptorSet set;
    const std::string_view bytes = DescriptorSetBytes();
    auto* built = new pb::DescriptorPool();
    if (!set.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) std::abort();
    for (const pb::FileDescriptorProto& file : set.file()) {
      if (built->BuildFile(file) == nullptr) std::abort();  // the build wrote it: a defect
    }
    return built;
  }();
  return *pool;
}

template <class Descriptor>
bool Comment(const Descriptor* d, std::string* out) {
  pb::SourceLocation location;
  if (d == nullptr || !d->GetSourceLocation(&location)) return false;
  *out =
      !location.leading_comments.empty() ? location.leading_comments : location.trailing_comments;
  return true;
}

}  // namespace

std::string ProtoComment(std::string_view full_name) {
  const pb::DescriptorPool& pool = CommentedPool();
  const std::string name(full_name);
  std::string raw;
  const bool found =
      Comment(pool.FindMessageTypeByName(name), &raw) ||
      Comment(pool.FindFieldByName(name), &raw) || Comment(pool.FindEnumTypeByName(name), &raw) ||
      Comment(pool.FindEnumValueByName(name), &raw) ||
      Comment(pool.FindServiceByName(name), &raw) || Comment(pool.FindMethodByName(name), &raw);
  if (!found) return "";
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(raw, '\n')) {
    absl::ConsumePrefix(&line, " ");
    lines.emplace_back(absl::StripTrailingAsciiWhitespace(line));
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return absl::StrJoin(lines, "\n");
}

}  // namespace champion
