#include "service/reflection_service.h"

#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/descriptor_set.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "spdlog/spdlog.h"

namespace champion::service {

namespace pb = google::protobuf;

absl::StatusOr<std::unique_ptr<const DescriptorIndex>> DescriptorIndex::Parse(
    std::string_view set) {
  pb::FileDescriptorSet files;
  if (!files.ParseFromArray(set.data(), static_cast<int>(set.size()))) {
    return absl::InvalidArgumentError("not a serialized FileDescriptorSet");
  }
  std::unique_ptr<DescriptorIndex> index(new DescriptorIndex());
  for (const pb::FileDescriptorProto& file : files.file()) {
    if (index->pool_.BuildFile(file) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("file ", file.name(), " does not build (its imports must come first)"));
    }
    index->serialized_[file.name()] = file.SerializeAsString();
  }
  return index;
}

const DescriptorIndex& DescriptorIndex::Embedded() {
  static const DescriptorIndex* const index = [] {
    auto parsed = Parse(DescriptorSetBytes());
    if (!parsed.ok()) {  // The build wrote the set: a broken one is a build defect.
      spdlog::critical("embedded descriptor set: {}", parsed.status().ToString());
      std::abort();
    }
    return parsed->release();
  }();
  return *index;
}

std::vector<std::string> DescriptorIndex::FileWithImports(
    const pb::FileDescriptor& file, absl::flat_hash_set<std::string>* sent) const {
  std::vector<std::string> out;
  auto collect = [&](const pb::FileDescriptor& f, auto& self) -> void {
    if (!sent->insert(f.name()).second) return;
    for (int i = 0; i < f.dependency_count(); ++i) self(*f.dependency(i), self);
    out.push_back(serialized_.at(f.name()));
  };
  collect(file, collect);
  return out;
}

namespace {

// One answer: the same code for v1 and v1alpha, whose messages differ only in package.
template <class Request, class Response>
void Answer(const DescriptorIndex& index, const std::vector<std::string>& services,
            const Request& request, absl::flat_hash_set<std::string>* sent, Response* response) {
  response->set_valid_host(request.host());
  *response->mutable_original_request() = request;
  const pb::DescriptorPool& pool = index.pool();
  auto error = [response](grpc::StatusCode code, std::string message) {
    response->mutable_error_response()->set_error_code(code);
    response->mutable_error_response()->set_error_message(std::move(message));
  };
  auto files = [&](const pb::FileDescriptor* file) {
    auto* out = response->mutable_file_descriptor_response();
    for (std::string& bytes : index.FileWithImports(*file, sent)) {
      out->add_file_descriptor_proto(std::move(bytes));
    }
  };
  switch (request.message_request_case()) {
    case Request::kFileByFilename: {
      const pb::FileDescriptor* file = pool.FindFileByName(request.file_by_filename());
      if (file == nullptr) return error(grpc::NOT_FOUND, "file not found");
      return files(file);
    }
    case Request::kFileContainingSymbol: {
      const pb::FileDescriptor* file =
          pool.FindFileContainingSymbol(request.file_containing_symbol());
      if (file == nullptr) return error(grpc::NOT_FOUND, "symbol not found");
      return files(file);
    }
    case Request::kFileContainingExtension: {
      const auto& wanted = request.file_containing_extension();
      const pb::Descriptor* type = pool.FindMessageTypeByName(wanted.containing_type());
      if (type == nullptr) return error(grpc::NOT_FOUND, "type not found");
      const pb::FieldDescriptor* extension =
          pool.FindExtensionByNumber(type, wanted.extension_number());
      if (extension == nullptr) return error(grpc::NOT_FOUND, "extension not found");
      return files(extension->file());
    }
    case Request::kAllExtensionNumbersOfType: {
      const pb::Descriptor* type =
          pool.FindMessageTypeByName(request.all_extension_numbers_of_type());
      if (type == nullptr) return error(grpc::NOT_FOUND, "type not found");
      std::vector<const pb::FieldDescriptor*> extensions;
      pool.FindAllExtensions(type, &extensions);
      auto* out = response->mutable_all_extension_numbers_response();
      out->set_base_type_name(type->full_name());
      for (const pb::FieldDescriptor* extension : extensions) {
        out->add_extension_number(extension->number());
      }
      return;
    }
    case Request::kListServices: {
      auto* out = response->mutable_list_services_response();
      for (const std::string& name : services) out->add_service()->set_name(name);
      return;
    }
    default:
      return error(grpc::UNIMPLEMENTED, "the request names no known reflection method");
  }
}

// One stream: read a request, write its answer, until the client half-closes.
template <class Request, class Response>
class Reactor final : public grpc::ServerBidiReactor<Request, Response> {
 public:
  Reactor(const DescriptorIndex& index, const std::vector<std::string>& services)
      : index_(index), services_(services) {
    this->StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) return this->Finish(grpc::Status::OK);  // half-closed or cancelled
    response_.Clear();
    Answer(index_, services_, request_, &sent_, &response_);
    this->StartWrite(&response_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) return this->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "stream closed"));
    this->StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  const DescriptorIndex& index_;
  const std::vector<std::string>& services_;
  Request request_;
  Response response_;
  absl::flat_hash_set<std::string> sent_;  // files already on this stream
};

template <class Reflection, class Request, class Response>
class Service final : public Reflection::CallbackService {
 public:
  Service(const DescriptorIndex& index, const std::vector<std::string>& services)
      : index_(index), services_(services) {}

  grpc::ServerBidiReactor<Request, Response>* ServerReflectionInfo(
      grpc::CallbackServerContext* /*context*/) override {
    return new Reactor<Request, Response>(index_, services_);
  }

 private:
  const DescriptorIndex& index_;
  const std::vector<std::string>& services_;
};

namespace v1 = grpc::reflection::v1;
namespace v1alpha = grpc::reflection::v1alpha;

}  // namespace

ReflectionService::ReflectionService(const DescriptorIndex* index,
                                     std::vector<std::string> services)
    : services_(std::move(services)) {
  for (std::string& name : ServiceNames()) services_.push_back(std::move(name));
  v1_ = std::make_unique<
      Service<v1::ServerReflection, v1::ServerReflectionRequest, v1::ServerReflectionResponse>>(
      *index, services_);
  v1alpha_ = std::make_unique<Service<v1alpha::ServerReflection, v1alpha::ServerReflectionRequest,
                                      v1alpha::ServerReflectionResponse>>(*index, services_);
}

std::vector<std::string> ReflectionService::ServiceNames() {
  return {v1::ServerReflection::service_full_name(),
          v1alpha::ServerReflection::service_full_name()};
}

}  // namespace champion::service
