#include "common/env_flags.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>

#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace champion {

std::string EnvironmentVariableFor(const std::string& flag_name) {
  return absl::StrCat("CHAMPION_", absl::AsciiStrToUpper(flag_name));
}

absl::Status ApplyEnvironmentOverrides(const std::vector<std::string>& flag_names) {
  for (const auto& name : flag_names) {
    const std::string variable = EnvironmentVariableFor(name);
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) continue;
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr) return absl::InternalError(absl::StrCat("no flag named ", name));
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(absl::StrCat(variable, ": ", error));
    }
  }
  return absl::OkStatus();
}

bool IsLoopbackListenAddress(const std::string& host_port) {
  std::string host;
  if (absl::StartsWith(host_port, "[")) {
    const auto end = host_port.find(']');
    if (end == std::string::npos) return false;
    host = host_port.substr(1, end - 1);
  } else {
    const auto colon = host_port.rfind(':');
    host = colon == std::string::npos ? host_port : host_port.substr(0, colon);
  }
  return IsLoopbackHost(host);
}

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost") return true;
  unsigned char v4[4];
  if (inet_pton(AF_INET, host.c_str(), v4) == 1) return v4[0] == 127;
  unsigned char v6[16];
  if (inet_pton(AF_INET6, host.c_str(), v6) != 1) return false;
  static constexpr unsigned char kLoopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return std::equal(std::begin(v6), std::end(v6), std::begin(kLoopback6));
}

}  // namespace champion
