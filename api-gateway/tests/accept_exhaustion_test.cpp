// The real api-gateway binary with few file descriptors (RLIMIT_NOFILE), flooded with idle
// connections until accept() fails: it must wait instead of spinning on the listening
// socket and must not flood its log, and must serve again once descriptors are free.

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "support/http_client.h"

namespace champion::gateway {
namespace {

using testing::HttpCall;
using testing::RawConnection;

constexpr rlim_t kFileLimit = 64;

// A fresh directory under /tmp, removed with its files.
class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/gw-fd-XXXXXX";
    REQUIRE(mkdtemp(name) != nullptr);
    path_ = name;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A child process running the gateway; killed (TERM, then KILL) on destruction.
class GatewayProcess {
 public:
  GatewayProcess(const std::string& log_path, const std::vector<std::string>& extra_args) {
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
      const rlimit limit{kFileLimit, kFileLimit};
      setrlimit(RLIMIT_NOFILE, &limit);
      dup2(log, 1);
      dup2(log, 2);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(log);
  }
  ~GatewayProcess() { Stop(); }

  pid_t pid() const { return pid_; }

  void Stop() {
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

 private:
  pid_t pid_ = -1;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

off_t FileSize(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? st.st_size : -1;
}

// The port from "listening on 127.0.0.1:<port>", waiting up to 10 s for the line.
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

// User + system CPU time of a process (/proc/<pid>/stat fields 14 and 15).
absl::Duration CpuTime(pid_t pid) {
  const std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  const size_t end_of_name = stat.rfind(')');
  if (end_of_name == std::string::npos) return absl::ZeroDuration();
  const std::vector<std::string> fields = absl::StrSplit(stat.substr(end_of_name + 2), ' ');
  int64_t user = 0;
  int64_t system = 0;
  if (fields.size() < 13 || !absl::SimpleAtoi(fields[11], &user) ||
      !absl::SimpleAtoi(fields[12], &system)) {
    return absl::ZeroDuration();
  }
  return absl::Seconds(static_cast<double>(user + system) / sysconf(_SC_CLK_TCK));
}

}  // namespace

TEST_CASE("Out of file descriptors, the gateway backs off and recovers",
          "[unit][gateway][process]") {
  TempDir dir;
  const std::string log_path = dir.path() + "/gateway.log";
  GatewayProcess gateway(log_path, {});
  const uint16_t port = WaitForPort(log_path);
  REQUIRE(port != 0);
  REQUIRE(HttpCall(port, "GET", "/healthz").status == 200);

  // Twice as many idle connections as the gateway has descriptors: the kernel completes
  // them all (listen backlog), the gateway can accept only some.
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (rlim_t i = 0; i < 2 * kFileLimit; ++i) {
    idle.push_back(std::make_unique<RawConnection>(port));
    REQUIRE(idle.back()->connected());
  }
  absl::SleepFor(absl::Milliseconds(300));  // let it run into EMFILE
  const off_t log_before = FileSize(log_path);
  const absl::Duration cpu_before = CpuTime(gateway.pid());
  const absl::Duration window = absl::Seconds(2);
  absl::SleepFor(window);
  const absl::Duration cpu_used = CpuTime(gateway.pid()) - cpu_before;
  const off_t log_growth = FileSize(log_path) - log_before;
  INFO("cpu " << cpu_used << " in " << window << ", log +" << log_growth << " bytes");
  CHECK(cpu_used < absl::Milliseconds(200));  // a spinning accept loop burns ~2 s per core
  CHECK(log_growth < 16 * 1024);              // and writes megabytes
  const std::string log = ReadFile(log_path);
  CHECK(log.find("accept failed: Too many open files; pausing 50ms") != std::string::npos);
  CHECK(log.find("open file limit 64 is below --max_connections") != std::string::npos);

  // Descriptors come back when the clients leave; the gateway serves again.
  idle.clear();
  int status = 0;
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (status != 200 && absl::Now() < deadline) {
    status = HttpCall(port, "GET", "/healthz").status;
    if (status != 200) absl::SleepFor(absl::Milliseconds(100));
  }
  CHECK(status == 200);
}

}  // namespace champion::gateway
