#include "service/reflection_service.h"

#include <catch2/catch.hpp>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "champion/v1/options.pb.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "service/catalog_service.h"
#include "service/grpc_server.h"
#include "service_test_env.h"

namespace champion::service {
namespace {

namespace pb = google::protobuf;
namespace v1 = grpc::reflection::v1;

// A worker-shaped server (one champion service) with reflection.
struct ReflectingServer {
  fakes::FakeCatalogRepository catalog;
  fakes::FakeSalesRepository sales;
  HandlerPool pool{{.name = "test", .threads = 1, .max_queued = 8}};
  CatalogService catalog_service{catalog, sales, pool, CatalogService::Options{}};
  std::unique_ptr<GrpcServer> server;

  explicit ReflectingServer(bool reflection = true) {
    auto started = GrpcServer::Start({.listen = "127.0.0.1:0",
                                      .services = {&catalog_service},
                                      .service_names = {"champion.v1.CatalogService"},
                                      .reflection = reflection});
    REQUIRE(started.ok());
    server = *std::move(started);
  }
  ~ReflectingServer() {
    server->Shutdown(absl::Seconds(1));
    server->Wait();
  }
  std::shared_ptr<grpc::Channel> Channel() const {
    return grpc::CreateChannel(absl::StrCat("127.0.0.1:", server->port()),
                               grpc::InsecureChannelCredentials());
  }
};

// Sends each request on one stream and returns the answers in order.
template <class Reflection, class Request, class Response>
std::vector<Response> Ask(const std::shared_ptr<grpc::Channel>& channel,
                          const std::vector<Request>& requests) {
  auto context = testing::ServiceTestEnv::Context();
  auto stream = Reflection::NewStub(channel)->ServerReflectionInfo(context.get());
  std::vector<Response> answers;
  for (const Request& request : requests) {
    REQUIRE(stream->Write(request));
    Response response;
    REQUIRE(stream->Read(&response));
    answers.push_back(response);
  }
  stream->WritesDone();
  REQUIRE(stream->Finish().ok());
  return answers;
}

std::vector<v1::ServerReflectionResponse> AskV1(const std::shared_ptr<grpc::Channel>& channel,
                                                const std::vector<v1::ServerReflectionRequest>& r) {
  return Ask<v1::ServerReflection, v1::ServerReflectionRequest, v1::ServerReflectionResponse>(
      channel, r);
}

v1::ServerReflectionRequest Symbol(const std::string& name) {
  v1::ServerReflectionRequest request;
  request.set_file_containing_symbol(name);
  return request;
}

std::vector<pb::FileDescriptorProto> Files(const v1::ServerReflectionResponse& response) {
  std::vector<pb::FileDescriptorProto> files;
  for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
    REQUIRE(files.emplace_back().ParseFromString(bytes));
  }
  return files;
}

// The leading comment of the first element at `path` in a file's source info ("" if none).
std::string LeadingComment(const pb::FileDescriptorProto& file, const std::vector<int>& path) {
  for (const auto& location : file.source_code_info().location()) {
    if (std::vector<int>(location.path().begin(), location.path().end()) == path) {
      return location.leading_comments();
    }
  }
  return "";
}

TEST_CASE("Reflection lists the served services, health and itself", "[unit][grpc]") {
  ReflectingServer s;
  v1::ServerReflectionRequest request;
  request.set_list_services("");
  const auto answers = AskV1(s.Channel(), {request});
  std::set<std::string> names;
  for (const auto& service : answers[0].list_services_response().service()) {
    names.insert(service.name());
  }
  CHECK(names == std::set<std::string>{"champion.v1.CatalogService", "grpc.health.v1.Health",
                                       "grpc.reflection.v1.ServerReflection",
                                       "grpc.reflection.v1alpha.ServerReflection"});
}

TEST_CASE("Every listed service resolves to its file, with imports first", "[unit][grpc]") {
  ReflectingServer s;
  for (const std::string service :
       {"champion.v1.CatalogService", "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"}) {
    INFO(service);
    const auto files = Files(AskV1(s.Channel(), {Symbol(service)})[0]);
    REQUIRE_FALSE(files.empty());
    // Built in the order sent, every import is already there: the answer is complete.
    pb::DescriptorPool pool;
    for (const auto& file : files) REQUIRE(pool.BuildFile(file) != nullptr);
    CHECK(pool.FindServiceByName(service) != nullptr);
  }
}

TEST_CASE("Reflection returns the proto comments", "[unit][grpc]") {
  ReflectingServer s;
  const auto files =
      Files(AskV1(s.Channel(), {Symbol("champion.v1.CatalogService.ListStores")})[0]);
  REQUIRE_FALSE(files.empty());
  const pb::FileDescriptorProto& catalog = files.back();  // the file asked for comes last
  REQUIRE(catalog.name() == "champion/v1/catalog.proto");
  // FileDescriptorProto field 6 is service, ServiceDescriptorProto field 2 is method.
  int service_index = -1;
  for (int i = 0; i < catalog.service_size(); ++i) {
    if (catalog.service(i).name() == "CatalogService") service_index = i;
  }
  REQUIRE(service_index >= 0);
  CHECK_FALSE(LeadingComment(catalog, {6, service_index}).empty());
  int method_index = -1;
  for (int i = 0; i < catalog.service(service_index).method_size(); ++i) {
    if (catalog.service(service_index).method(i).name() == "ListStores") method_index = i;
  }
  REQUIRE(method_index >= 0);
  CHECK_FALSE(LeadingComment(catalog, {6, service_index, 2, method_index}).empty());
}

TEST_CASE("A file is sent once per stream", "[unit][grpc]") {
  ReflectingServer s;
  const auto answers = AskV1(s.Channel(), {Symbol("champion.v1.CatalogService"),
                                           Symbol("champion.v1.CatalogService.ListStores")});
  CHECK_FALSE(Files(answers[0]).empty());
  CHECK(answers[1].has_file_descriptor_response());
  CHECK(Files(answers[1]).empty());
  // A new stream starts over.
  CHECK_FALSE(Files(AskV1(s.Channel(), {Symbol("champion.v1.CatalogService")})[0]).empty());
}

TEST_CASE("Files, extensions and extension numbers resolve by name", "[unit][grpc]") {
  ReflectingServer s;
  v1::ServerReflectionRequest by_file;
  by_file.set_file_by_filename("champion/v1/options.proto");
  v1::ServerReflectionRequest numbers;
  numbers.set_all_extension_numbers_of_type("google.protobuf.MethodOptions");
  v1::ServerReflectionRequest extension;
  extension.mutable_file_containing_extension()->set_containing_type(
      "google.protobuf.MethodOptions");
  extension.mutable_file_containing_extension()->set_extension_number(
      champion::v1::required_scope.number());
  const auto answers = AskV1(s.Channel(), {by_file, numbers, extension});
  CHECK(Files(answers[0]).back().name() == "champion/v1/options.proto");
  const auto& listed = answers[1].all_extension_numbers_response();
  CHECK(listed.base_type_name() == "google.protobuf.MethodOptions");
  CHECK(std::find(listed.extension_number().begin(), listed.extension_number().end(),
                  champion::v1::required_scope.number()) != listed.extension_number().end());
  // options.proto was sent on this stream already: an empty, successful answer.
  CHECK(answers[2].has_file_descriptor_response());
  CHECK_FALSE(answers[2].has_error_response());
}

TEST_CASE("Unknown names answer NOT_FOUND and the stream goes on", "[unit][grpc]") {
  ReflectingServer s;
  v1::ServerReflectionRequest file;
  file.set_file_by_filename("no/such.proto");
  v1::ServerReflectionRequest extension;
  extension.mutable_file_containing_extension()->set_containing_type("no.Such");
  v1::ServerReflectionRequest empty;
  const auto answers = AskV1(s.Channel(), {Symbol("no.such.Service"), file, extension, empty,
                                           Symbol("champion.v1.CatalogService")});
  for (int i = 0; i < 3; ++i) {
    INFO(i);
    CHECK(answers[i].error_response().error_code() == grpc::StatusCode::NOT_FOUND);
  }
  CHECK(answers[3].error_response().error_code() == grpc::StatusCode::UNIMPLEMENTED);
  CHECK(answers[0].original_request().file_containing_symbol() == "no.such.Service");
  CHECK_FALSE(Files(answers[4]).empty());
}

TEST_CASE("v1alpha answers like v1", "[unit][grpc]") {
  namespace v1alpha = grpc::reflection::v1alpha;
  ReflectingServer s;
  v1alpha::ServerReflectionRequest request;
  request.set_file_containing_symbol("grpc.health.v1.Health");
  const auto answers = Ask<v1alpha::ServerReflection, v1alpha::ServerReflectionRequest,
                           v1alpha::ServerReflectionResponse>(s.Channel(), {request});
  const auto& files = answers[0].file_descriptor_response().file_descriptor_proto();
  REQUIRE(files.size() == 1);
  pb::FileDescriptorProto health;
  REQUIRE(health.ParseFromString(files[0]));
  CHECK(health.name() == "grpc/health/v1/health.proto");
}

TEST_CASE("Without reflection the server does not answer it", "[unit][grpc]") {
  ReflectingServer s(/*reflection=*/false);
  auto context = testing::ServiceTestEnv::Context();
  auto stream = v1::ServerReflection::NewStub(s.Channel())->ServerReflectionInfo(context.get());
  v1::ServerReflectionRequest request;
  request.set_list_services("");
  stream->Write(request);
  stream->WritesDone();
  v1::ServerReflectionResponse response;
  CHECK_FALSE(stream->Read(&response));
  CHECK(stream->Finish().error_code() == grpc::StatusCode::UNIMPLEMENTED);
}

TEST_CASE("A descriptor set whose imports come later is refused", "[unit]") {
  pb::FileDescriptorSet set;
  pb::FileDescriptorProto* user = set.add_file();
  user->set_name("user.proto");
  user->add_dependency("base.proto");
  set.add_file()->set_name("base.proto");
  auto parsed = DescriptorIndex::Parse(set.SerializeAsString());
  CHECK(parsed.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(DescriptorIndex::Parse("\xff not a set").status().code() ==
        absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace champion::service
