// api-gateway: REST + SSE + the dashboard in front of the selector-worker's gRPC API.
// Flags and their environment overrides are documented in flags.h.

#include <csignal>

#include "app.h"
#include "common/logging.h"
#include "flags.h"
#include "spdlog/spdlog.h"

int main(int argc, char** argv) {
  using namespace champion::gateway;
  const Options options = ParseOptionsOrExit(argc, argv);
  champion::InitLogging(
      {.level = options.log_level, .name = "api-gateway", .format = options.log_format});
  RaiseOpenFileLimit(options.max_connections);
  BlockControlSignals();  // before any thread starts
  auto app = GatewayApp::Create(options);
  if (!app.ok()) {
    spdlog::critical("cannot start: {}", app.status().ToString());
    return 1;
  }
  int signal = 0;
  while ((signal = WaitForControlSignal()) == SIGHUP) {
    spdlog::info("SIGHUP: reloading credentials, the TLS certificate and key");
    (*app)->ReloadCredentials();
    // The outcome is logged by the reload itself.
    if (absl::IsFailedPrecondition((*app)->ReloadTls())) {
      spdlog::info("serving plain HTTP: no certificate to reload");
    }
  }
  spdlog::info("signal {}: shutting down", signal);
  (*app)->Shutdown();
  return 0;
}
