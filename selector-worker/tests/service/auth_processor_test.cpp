#include "service/auth_processor.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/auth/token_table.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "service/server_credentials.h"
#include "service/service_test_env.h"
#include "test_pki.h"

namespace champion::service {
namespace {

using champion::testing::ServiceTestEnv;

// A tokens file with a reader, a writer and an admin, and the server credentials that
// enforce it.
class AuthFixture {
 public:
  AuthFixture() {
    char pattern[] = "/tmp/champion-auth-XXXXXX";
    dir_ = mkdtemp(pattern);
    std::ofstream(dir_ + "/tokens")
        << "reader " << auth::Sha256Hex("read-token") << " data:read,runs:read\n"
        << "writer " << auth::Sha256Hex("write-token") << " data:read,runs:read,runs:write\n"
        << "planner " << auth::Sha256Hex("planner-token") << " runs:write\n"
        << "ops " << auth::Sha256Hex("admin-token") << " admin\n";
    auto authenticator = auth::Authenticator::Create({.tokens_file = dir_ + "/tokens"});
    REQUIRE(authenticator.ok());
    authenticator_ = *std::move(authenticator);
  }
  ~AuthFixture() { std::filesystem::remove_all(dir_); }

  std::shared_ptr<grpc::ServerCredentials> Credentials(const TlsFiles& tls = {}) const {
    auto credentials = MakeServerCredentials(tls);
    REQUIRE(credentials.ok());
    auto scopes = auth::MethodScopes::FromDescriptors(
        *google::protobuf::DescriptorPool::generated_pool(),
        {"champion.v1.CatalogService", "champion.v1.ModelSelectionService"});
    REQUIRE(scopes.ok());
    (*credentials)
        ->SetAuthMetadataProcessor(
            std::make_shared<AuthProcessor>(authenticator_.get(), *std::move(scopes)));
    return *credentials;
  }

 private:
  std::string dir_;
  std::unique_ptr<auth::Authenticator> authenticator_;
};

std::unique_ptr<grpc::ClientContext> WithToken(const std::string& token) {
  auto context = ServiceTestEnv::Context();
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  return context;
}

grpc::Status ListModels(ServiceTestEnv& env, const std::string& token) {
  v1::ListModelsResponse response;
  return env.selection_stub->ListModels(WithToken(token).get(), {}, &response);
}

v1::RunSelectionRequest Submittable() {
  v1::RunSelectionRequest request;
  request.set_store_id(1);
  request.set_product_id(1);
  request.set_forecast_horizon(7);
  request.add_candidate_models()->set_model_type("naive");
  request.set_request_id("nightly");
  return request;
}

// One ServerReflectionInfo exchange: list_services "*".
grpc::Status ListServices(ServiceTestEnv& env, const std::string& token, std::string* answer) {
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", env.port()),
                                     grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  const std::string request("\x3a\x01*", 3);  // field 7 (list_services) = "*"
  grpc::Slice slice(request);
  grpc::ByteBuffer in(&slice, 1), out;
  auto context = WithToken(token);
  std::promise<grpc::Status> done;
  stub.UnaryCall(context.get(), "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                 grpc::StubOptions(), &in, &out,
                 [&done](grpc::Status status) { done.set_value(status); });
  grpc::Status status = done.get_future().get();
  std::vector<grpc::Slice> slices;
  if (status.ok() && out.Dump(&slices).ok()) {
    for (const auto& s : slices) answer->append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return status;
}

}  // namespace

TEST_CASE("Every RPC needs a valid bearer token", "[unit][grpc][auth]") {
  AuthFixture fixture;
  ServiceTestEnv env(1 << 20, 256, 1024, fixture.Credentials());
  const grpc::Status missing = ListModels(env, "");
  CHECK(missing.error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK_THAT(missing.error_message(), Catch::Contains("bearer token"));
  const grpc::Status unknown = ListModels(env, "guess");
  CHECK(unknown.error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK_THAT(unknown.error_message(), !Catch::Contains("guess"));
  CHECK(ListModels(env, "read-token").ok());
}

TEST_CASE("A call needs the scope its method declares", "[unit][grpc][auth]") {
  AuthFixture fixture;
  ServiceTestEnv env(1 << 20, 256, 1024, fixture.Credentials());
  v1::Run run;
  const grpc::Status denied =
      env.selection_stub->SubmitRun(WithToken("read-token").get(), Submittable(), &run);
  CHECK(denied.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK_THAT(denied.error_message(), Catch::Contains("runs:write"));
  CHECK(env.runs.last_spec.request_id.empty());  // the handler never ran
  CHECK(ListModels(env, "admin-token").error_code() == grpc::StatusCode::PERMISSION_DENIED);

  // The handler sees who called: request_id idempotency is scoped by it.
  REQUIRE(env.selection_stub->SubmitRun(WithToken("write-token").get(), Submittable(), &run).ok());
  CHECK(env.runs.last_spec.request_id == "nightly");
  CHECK(env.runs.last_spec.requested_by == "token:writer");
}

TEST_CASE("Calls sharing one connection keep their own identities", "[unit][grpc][auth]") {
  // The gateway multiplexes every user's calls over one channel: the identity must be the
  // call's, never another call's on the same connection.
  AuthFixture fixture;
  ServiceTestEnv env(1 << 20, 256, 1024, fixture.Credentials());
  v1::Run run;
  for (const auto& [token, identity] :
       {std::pair{"write-token", "token:writer"}, std::pair{"planner-token", "token:planner"},
        std::pair{"write-token", "token:writer"}}) {
    REQUIRE(env.selection_stub->SubmitRun(WithToken(token).get(), Submittable(), &run).ok());
    CHECK(env.runs.last_spec.requested_by == identity);
  }
  // Many concurrent calls with two credentials on the one connection.
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (!ListModels(env, t % 2 == 0 ? "read-token" : "write-token").ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures == 0);
}

TEST_CASE("Health checks need no token", "[unit][grpc][auth]") {
  AuthFixture fixture;
  ServiceTestEnv env(1 << 20, 256, 1024, fixture.Credentials());
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", env.port()),
                                     grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::health::v1::HealthCheckResponse response;
  REQUIRE(health->Check(ServiceTestEnv::Context().get(), {}, &response).ok());
  CHECK(response.status() == grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_CASE("Server reflection needs the admin scope", "[unit][grpc][auth]") {
  AuthFixture fixture;
  ServiceTestEnv env(1 << 20, 256, 1024, fixture.Credentials());
  std::string answer;
  CHECK(ListServices(env, "", &answer).error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(ListServices(env, "write-token", &answer).error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);
  REQUIRE(ListServices(env, "admin-token", &answer).ok());
  CHECK_THAT(answer, Catch::Contains("champion.v1.ModelSelectionService"));
}

TEST_CASE("TLS with required client certificates", "[unit][grpc][tls]") {
  champion::testing::TestPki pki;
  AuthFixture fixture;
  const TlsFiles tls{.cert_file = pki.server_cert(),
                     .key_file = pki.server_key(),
                     .client_ca_file = pki.ca_cert(),
                     .require_client_cert = true};
  auto client = [&](const std::string& roots, bool with_certificate) {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = champion::testing::TestPki::Read(roots);
    if (with_certificate) {
      options.pem_private_key = champion::testing::TestPki::Read(pki.client_key());
      options.pem_cert_chain = champion::testing::TestPki::Read(pki.client_cert());
    }
    return grpc::SslCredentials(options);
  };
  SECTION("a client with a certificate from the CA gets through (and still needs a token)") {
    ServiceTestEnv env(1 << 20, 256, 1024, fixture.Credentials(tls), client(pki.ca_cert(), true));
    CHECK(ListModels(env, "read-token").ok());
    CHECK(ListModels(env, "").error_code() == grpc::StatusCode::UNAUTHENTICATED);
  }
  SECTION("a client without a certificate is refused") {
    ServiceTestEnv env(1 << 20, 256, 1024, fixture.Credentials(tls), client(pki.ca_cert(), false));
    CHECK(ListModels(env, "read-token").error_code() == grpc::StatusCode::UNAVAILABLE);
  }
  SECTION("a client that does not trust the server's CA does not connect") {
    ServiceTestEnv env(1 << 20, 256, 1024, fixture.Credentials(tls),
                       client(pki.other_ca_cert(), true));
    CHECK(ListModels(env, "read-token").error_code() == grpc::StatusCode::UNAVAILABLE);
  }
  SECTION("a plaintext client does not connect") {
    ServiceTestEnv env(1 << 20, 256, 1024, fixture.Credentials(tls));
    CHECK(ListModels(env, "read-token").error_code() == grpc::StatusCode::UNAVAILABLE);
  }
}

TEST_CASE("Server credentials refuse incomplete TLS settings", "[unit][tls]") {
  CHECK_FALSE(MakeServerCredentials({.cert_file = "c.pem"}).ok());
  CHECK_FALSE(MakeServerCredentials({.client_ca_file = "ca.pem"}).ok());
  CHECK_FALSE(
      MakeServerCredentials({.cert_file = "/nonexistent/c", .key_file = "/nonexistent/k"}).ok());
  champion::testing::TestPki pki;
  CHECK_FALSE(MakeServerCredentials({.cert_file = pki.server_cert(),
                                     .key_file = pki.server_key(),
                                     .require_client_cert = true})
                  .ok());
  CHECK(MakeServerCredentials({.cert_file = pki.server_cert(), .key_file = pki.server_key()}).ok());
}

}  // namespace champion::service
