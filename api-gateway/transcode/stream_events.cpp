#include "transcode/stream_events.h"

#include <openssl/evp.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace champion::gateway {

using google::protobuf::FieldDescriptor;

std::string EventId(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    return "";  // No id rather than a wrong one: the client keeps its last.
  }
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), std::min(length, 16u)));
}

bool IsLastEvent(const google::protobuf::Message& message, const champion::v1::HttpExtras& extras) {
  if (extras.sse_done_field().empty()) return false;
  const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(extras.sse_done_field());
  if (field == nullptr || field->is_repeated()) return false;
  std::string value;
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
    value = message.GetReflection()->GetEnum(message, field)->name();
  } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
    value = message.GetReflection()->GetString(message, field);
  } else {
    return false;
  }
  const auto& done = extras.sse_done_values();
  return std::find(done.begin(), done.end(), value) != done.end();
}

}  // namespace champion::gateway
