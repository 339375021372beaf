#include "support/gateway_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <sstream>

#include "absl/time/clock.h"

namespace champion::gateway::testing {

GatewayProcess::GatewayProcess(const std::string& log_path,
                               const std::vector<std::string>& extra_args, rlim_t file_limit) {
  // Arguments and the log file are prepared before fork: the child only execs.
  std::vector<std::string> args = {CHAMPION_GATEWAY_BINARY, "--http_listen=127.0.0.1:0",
                                   "--worker_target=127.0.0.1:9", "--static_dir=/nonexistent",
                                   "--threads=2"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  REQUIRE(log >= 0);
  pid_ = fork();
  REQUIRE(pid_ >= 0);
  if (pid_ == 0) {  // only async-signal-safe calls until exec
    if (file_limit > 0) {
      const rlimit limit{file_limit, file_limit};
      setrlimit(RLIMIT_NOFILE, &limit);
    }
    dup2(log, 1);
    dup2(log, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(log);
}

GatewayProcess::~GatewayProcess() { Stop(); }

bool GatewayProcess::running() const {
  int status = 0;
  return pid_ > 0 && waitpid(pid_, &status, WNOHANG) == 0;
}

void GatewayProcess::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  const absl::Time deadline = absl::Now() + absl::Seconds(15);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (absl::Now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  pid_ = -1;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

uint16_t WaitForPort(const std::string& log_path) {
  const std::regex listening("listening on 127\\.0\\.0\\.1:([0-9]+)");
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (absl::Now() < deadline) {
    std::smatch match;
    const std::string log = ReadFile(log_path);
    if (std::regex_search(log, match, listening)) return static_cast<uint16_t>(std::stoi(match[1]));
    absl::SleepFor(absl::Milliseconds(20));
  }
  return 0;
}

bool WaitForLogLine(const std::string& log_path, const std::string& text, int seconds) {
  const absl::Time deadline = absl::Now() + absl::Seconds(seconds);
  while (absl::Now() < deadline) {
    if (ReadFile(log_path).find(text) != std::string::npos) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return false;
}

}  // namespace champion::gateway::testing
