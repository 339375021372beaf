#pragma once

// gRPC server reflection, grpc.reflection.v1 and v1alpha (the same protocol under two
// package names: grpcurl and buf curl ask for v1 first, older clients for v1alpha).
//
// It answers from a descriptor set rather than from the process's generated descriptors
// (what grpc++'s own reflection plugin does): protoc strips the comments from generated
// code, while the set keeps them (source info), so `grpcurl describe` and generated clients
// see the API's documentation. The set also holds grpc.health.v1 and the reflection protos,
// so every listed service resolves.
//
// One request per message on a bidirectional stream, answered in order. A file already
// sent on a stream is not sent again on it (clients cache per stream, as grpc++ does).
// Unknown names answer an ErrorResponse with NOT_FOUND on the stream; the call itself
// stays OK.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/impl/service_type.h"

namespace champion::service {

//! The files of a serialized FileDescriptorSet, resolvable by file, symbol and extension.
class DescriptorIndex {
 public:
  //! Parses a set whose files come dependencies first (protoc --include_imports writes
  //! them so). InvalidArgument when the bytes are no set or a file does not build.
  static absl::StatusOr<std::unique_ptr<const DescriptorIndex>> Parse(std::string_view set);

  //! The index of DescriptorSetBytes() (common/descriptor_set.h), built once.
  static const DescriptorIndex& Embedded();

  //! The serialized FileDescriptorProto of `file` and of every file it imports, transitively,
  //! dependencies first, leaving out the names in `sent` (and adding the rest to it).
  std::vector<std::string> FileWithImports(const google::protobuf::FileDescriptor& file,
                                           absl::flat_hash_set<std::string>* sent) const;

  const google::protobuf::DescriptorPool& pool() const { return pool_; }

 private:
  DescriptorIndex() = default;

  google::protobuf::DescriptorPool pool_;
  // Each file as it came in the set (with its source info), by file name.
  absl::flat_hash_map<std::string, std::string> serialized_;
};

//! The reflection services over one index; register both services on a server. The index
//! must outlive this object, and this object the server.
class ReflectionService {
 public:
  //! `services`: the fully-qualified names ListServices answers (the reflection services
  //! add themselves).
  ReflectionService(const DescriptorIndex* index, std::vector<std::string> services);

  grpc::Service* v1() { return v1_.get(); }
  grpc::Service* v1alpha() { return v1alpha_.get(); }

  //! The names this class serves, for health and the service list.
  static std::vector<std::string> ServiceNames();

 private:
  std::vector<std::string> services_;
  std::unique_ptr<grpc::Service> v1_;
  std::unique_ptr<grpc::Service> v1alpha_;
};

}  // namespace champion::service
