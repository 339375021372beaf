#pragma once

// The serialized google.protobuf.FileDescriptorSet of everything the worker serves (the
// champion.v1 protos, grpc.health.v1, grpc.reflection v1 and v1alpha, and their imports),
// with source info, so the proto comments travel with it. Built from champion.protoset
// (proto/CMakeLists.txt); link champion_descriptor_set.

#include <string_view>

namespace champion {

//! The bytes of champion.protoset, embedded at build time.
std::string_view DescriptorSetBytes();

}  // namespace champion
