// The real api-gateway binary with few file descriptors (RLIMIT_NOFILE), flooded with idle
// connections until accept() fails: it must wait instead of spinning on the listening
// socket and must not flood its log, and must serve again once descriptors are free.

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "support/gateway_process.h"
#include "support/http_client.h"
#include "support/temp_dir.h"

namespace champion::gateway {
namespace {

using testing::GatewayProcess;
using testing::HttpCall;
using testing::RawConnection;
using testing::ReadFile;
using testing::TempDir;
using testing::WaitForPort;

constexpr rlim_t kFileLimit = 64;

off_t FileSize(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? st.st_size : -1;
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
  REQUIRE_FALSE(dir.path().empty());
  const std::string log_path = dir.path() + "/gateway.log";
  GatewayProcess gateway(log_path, {}, kFileLimit);
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
