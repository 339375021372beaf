#pragma once

// The gateway in-process on 127.0.0.1:0 in front of a FakeWorker, with test-sized limits,
// for tests that drive it over real HTTP.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app.h"
#include "fakes/fake_worker.h"
#include "flags.h"
#include "support/http_client.h"

namespace champion::gateway::testing {

//! Test defaults: port 0, no dashboard, 1 KiB bodies, 8-byte raw chunks, 2 threads,
//! 2 s shutdown grace. `adjust` may change any option before the gateway starts.
Options TestOptions(const std::string& worker_target);

struct GatewayStack {
  explicit GatewayStack(const std::function<void(Options&)>& adjust = {});

  //! One request on a fresh connection (see HttpCall).
  ClientResponse Call(const std::string& method, const std::string& target,
                      const std::string& body = "", std::vector<HttpHeader> headers = {}) const;
  uint16_t port() const { return app->port(); }

  std::unique_ptr<FakeWorker> worker;
  std::unique_ptr<GatewayApp> app;
};

//! Checks a problem+json answer: status, content type, code, request id, errors array.
void CheckProblem(const ClientResponse& response, int status, const std::string& code);

}  // namespace champion::gateway::testing
