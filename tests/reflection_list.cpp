// champion-reflection-list: lists the services a gRPC server exposes through server
// reflection (grpc.reflection.v1alpha), like `grpcurl -plaintext HOST:PORT list`.
// grpcurl is not packaged for Debian 12; this keeps the reflection client in its own
// binary (linking it next to grpc++_reflection aborts at start-up, docs/TOOLCHAIN.md fact 5).
//
//   champion-reflection-list 127.0.0.1:50051
//   champion-reflection-list 127.0.0.1:50051 champion.v1.ModelSelectionService
//
// With authentication on, reflection needs a token with the admin scope: set
// CHAMPION_TOKEN (e.g. CHAMPION_TOKEN=$(cat .local/stack/dev-token)).

#include <cstdlib>
#include <iostream>
#include <string>

#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace refl = grpc::reflection::v1alpha;

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: champion-reflection-list HOST:PORT [SERVICE]\n";
    return 2;
  }
  auto channel = grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials());
  auto stub = refl::ServerReflection::NewStub(channel);
  grpc::ClientContext ctx;
  if (const char* token = std::getenv("CHAMPION_TOKEN"); token != nullptr && *token != 0) {
    ctx.AddMetadata("authorization", std::string("Bearer ") + token);
  }
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stream = stub->ServerReflectionInfo(&ctx);
  refl::ServerReflectionRequest request;
  if (argc == 3) {
    request.set_file_containing_symbol(argv[2]);
  } else {
    request.set_list_services("");
  }
  stream->Write(request);
  stream->WritesDone();
  refl::ServerReflectionResponse response;
  int printed = 0;
  while (stream->Read(&response)) {
    if (response.has_error_response()) {
      std::cerr << "error: " << response.error_response().error_message() << "\n";
      return 1;
    }
    for (const auto& service : response.list_services_response().service()) {
      std::cout << service.name() << "\n";
      ++printed;
    }
    for (const auto& file : response.file_descriptor_response().file_descriptor_proto()) {
      google::protobuf::FileDescriptorProto proto;
      if (proto.ParseFromString(file)) {
        std::cout << proto.name() << "\n";
        ++printed;
      }
    }
  }
  const grpc::Status status = stream->Finish();
  if (!status.ok()) {
    std::cerr << "rpc failed: " << status.error_code() << " " << status.error_message() << "\n";
    return 1;
  }
  return printed > 0 ? 0 : 1;
}
