#include "service/grpc_server.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "champion/v1/catalog.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "service/call_events_interceptor.h"
#include "service/catalog_service.h"
#include "service_test_env.h"

namespace champion::service {
namespace {

using grpc::health::v1::HealthCheckResponse;

struct HealthAnswer {
  grpc::StatusCode code;
  HealthCheckResponse::ServingStatus status;
};

// Check on a plaintext channel with no credentials, as a kubelet probe does.
HealthAnswer Check(int port, const std::string& service = "") {
  auto channel =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  const grpc::Status status = grpc::health::v1::Health::NewStub(channel)->Check(
      testing::ServiceTestEnv::Context().get(), request, &response);
  return {status.error_code(), response.status()};
}

// Records the calls the server reports.
class RecordingEvents : public ServiceEvents {
 public:
  void CallHandled(std::string_view service, std::string_view method, grpc::StatusCode code,
                   absl::Duration took) override {
    absl::MutexLock lock(&mu_);
    calls_.push_back(absl::StrCat(absl::string_view(service.data(), service.size()), "/",
                                  absl::string_view(method.data(), method.size()), " ",
                                  static_cast<int>(code)));
    CHECK(took >= absl::ZeroDuration());
  }
  std::vector<std::string> calls() {
    absl::MutexLock lock(&mu_);
    return calls_;
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> calls_ ABSL_GUARDED_BY(mu_);
};

struct HealthPortServer {
  RecordingEvents events;
  fakes::FakeCatalogRepository catalog;
  fakes::FakeSalesRepository sales;
  HandlerPool pool{{.name = "test", .threads = 1, .max_queued = 8}};
  CatalogService catalog_service{catalog, sales, pool, CatalogService::Options{}};
  std::unique_ptr<GrpcServer> server;

  HealthPortServer() {
    auto started = GrpcServer::Start({.listen = "127.0.0.1:0",
                                      .services = {&catalog_service},
                                      .service_names = {"champion.v1.CatalogService"},
                                      .reflection = false,
                                      .health_listen = "127.0.0.1:0",
                                      .events = &events});
    REQUIRE(started.ok());
    server = *std::move(started);
  }
  ~HealthPortServer() {
    server->Shutdown(absl::Seconds(1));
    server->Wait();
  }
};

TEST_CASE("The health port answers health checks in plaintext and nothing else", "[unit][grpc]") {
  HealthPortServer s;
  REQUIRE(s.server->health_port() != 0);
  REQUIRE(s.server->health_port() != s.server->port());
  const HealthAnswer overall = Check(s.server->health_port());
  CHECK(overall.code == grpc::StatusCode::OK);
  CHECK(overall.status == HealthCheckResponse::SERVING);
  CHECK(Check(s.server->health_port(), "champion.v1.CatalogService").status ==
        HealthCheckResponse::SERVING);

  // The API is not there: the same call on the main port is served, on the health port not.
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", s.server->health_port()),
                                     grpc::InsecureChannelCredentials());
  champion::v1::ListStoresResponse stores;
  const grpc::Status listed = champion::v1::CatalogService::NewStub(channel)->ListStores(
      testing::ServiceTestEnv::Context().get(), {}, &stores);
  CHECK(listed.error_code() == grpc::StatusCode::UNIMPLEMENTED);
}

TEST_CASE("The health port reports what the main server reports", "[unit][grpc]") {
  HealthPortServer s;
  s.server->SetServing(false);
  CHECK(Check(s.server->health_port()).status == HealthCheckResponse::NOT_SERVING);
  CHECK(Check(s.server->health_port(), "champion.v1.CatalogService").status ==
        HealthCheckResponse::NOT_SERVING);
  s.server->SetServing(true);
  CHECK(Check(s.server->health_port()).status == HealthCheckResponse::SERVING);
}

TEST_CASE("Without health_listen there is no health port", "[unit][grpc]") {
  fakes::FakeCatalogRepository catalog;
  fakes::FakeSalesRepository sales;
  HandlerPool pool({.name = "test", .threads = 1, .max_queued = 8});
  CatalogService catalog_service(catalog, sales, pool, CatalogService::Options{});
  auto started = GrpcServer::Start(
      {.listen = "127.0.0.1:0", .services = {&catalog_service}, .reflection = false});
  REQUIRE(started.ok());
  CHECK((*started)->health_port() == 0);
  (*started)->Shutdown(absl::Seconds(1));
  (*started)->Wait();
}

TEST_CASE("Every call on the main port is reported with its method and code", "[unit][grpc]") {
  HealthPortServer s;
  CHECK(Check(s.server->port()).code == grpc::StatusCode::OK);
  CHECK(Check(s.server->port(), "no.such.Service").code == grpc::StatusCode::NOT_FOUND);
  // The plaintext health port is the probes', not the callers': not counted.
  CHECK(Check(s.server->health_port()).code == grpc::StatusCode::OK);
  const std::vector<std::string> calls = s.events.calls();
  CHECK(calls ==
        std::vector<std::string>{"grpc.health.v1.Health/Check 0", "grpc.health.v1.Health/Check 5"});
}

TEST_CASE("Method paths split into service and method", "[unit][grpc]") {
  CHECK(SplitMethodPath("/champion.v1.CatalogService/ListStores") ==
        std::pair<std::string_view, std::string_view>{"champion.v1.CatalogService", "ListStores"});
  CHECK(SplitMethodPath("nonsense").first == "unknown");
  CHECK(SplitMethodPath("/onlyservice/").first == "unknown");
  CHECK(SplitMethodPath("").first == "unknown");
}

}  // namespace
}  // namespace champion::service
