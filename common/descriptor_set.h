#pragma once

// The serialized google.protobuf.FileDescriptorSet of everything the worker serves (the
// champion.v1 protos, grpc.health.v1, grpc.reflection v1 and v1alpha, and their imports),
// with source info, so the proto comments travel with it. Built from champion.protoset
// (proto/CMakeLists.txt); link champion_descriptor_set.

#include <string>
#include <string_view>

namespace champion {

//! The bytes of champion.protoset, embedded at build time.
std::string_view DescriptorSetBytes();

//! The proto comment on the element named `full_name` (a package-qualified message, field,
//! enum, enum value, service or method name, e.g. "champion.v1.Run.status"): its leading
//! comment, or else its trailing one (enum values are named like their enum's siblings:
//! "champion.v1.RUN_STATE_PENDING"), with the comment markers' indentation removed and the
//! lines kept. Empty for an unknown name or an element without a comment. Thread-safe.
std::string ProtoComment(std::string_view full_name);

}  // namespace champion
