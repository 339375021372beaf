#pragma once

// The real api-gateway binary (CHAMPION_GATEWAY_BINARY) in a child process, for tests of
// what only the process shows: signals, descriptor limits, its log.

#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace champion::gateway::testing {

//! Runs the gateway on 127.0.0.1:0 against worker 127.0.0.1:9 (nothing there), without a
//! dashboard, 2 threads, plus `extra_args`; stdout and stderr go to `log_path`. Stopped
//! (TERM, then KILL after 15 s) on destruction.
class GatewayProcess {
 public:
  //! file_limit > 0 sets RLIMIT_NOFILE (soft and hard) in the child.
  GatewayProcess(const std::string& log_path, const std::vector<std::string>& extra_args,
                 rlim_t file_limit = 0);
  ~GatewayProcess();
  GatewayProcess(const GatewayProcess&) = delete;
  GatewayProcess& operator=(const GatewayProcess&) = delete;

  pid_t pid() const { return pid_; }
  //! True while the child has not exited.
  bool running() const;
  void Stop();

 private:
  pid_t pid_ = -1;
};

//! The whole file ("" when missing).
std::string ReadFile(const std::string& path);

//! The port from the log line "listening on 127.0.0.1:<port>", waiting up to 10 s for it;
//! 0 when it did not appear.
uint16_t WaitForPort(const std::string& log_path);

//! Waits up to `seconds` for `text` to appear in the file.
bool WaitForLogLine(const std::string& log_path, const std::string& text, int seconds = 10);

}  // namespace champion::gateway::testing
