#include "common/json_log_formatter.h"

#include <catch2/catch.hpp>

#include "nlohmann/json.hpp"

namespace champion {
namespace {

nlohmann::json Format(spdlog::level::level_enum level, std::string_view text) {
  JsonLogFormatter formatter("api-gateway");
  spdlog::details::log_msg msg(spdlog::source_loc{}, "api-gateway", level,
                               spdlog::string_view_t(text.data(), text.size()));
  msg.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1798761600123));
  spdlog::memory_buf_t out;
  formatter.format(msg, out);
  const std::string line(out.data(), out.size());
  REQUIRE(line.back() == '\n');
  REQUIRE(line.find('\n') == line.size() - 1);  // one line
  return nlohmann::json::parse(line);
}

TEST_CASE("JSON log lines carry time, level, service, message and the request fields",
          "[unit][logging]") {
  const auto line =
      Format(spdlog::level::info, "GET /stores 200 3ms request_id=abc123 identity=token:dev");
  CHECK(line["time"] == "2027-01-01T00:00:00.123Z");
  CHECK(line["level"] == "info");
  CHECK(line["service"] == "api-gateway");
  CHECK(line["message"] == "GET /stores 200 3ms request_id=abc123 identity=token:dev");
  CHECK(line["request_id"] == "abc123");
  CHECK(line["identity"] == "token:dev");
  CHECK_FALSE(line.contains("trace_id"));
}

TEST_CASE("JSON log lines escape what they carry and survive bytes that are not UTF-8",
          "[unit][logging]") {
  const auto quoted = Format(spdlog::level::warn, "bad \"path\"\n\tnext\\line");
  CHECK(quoted["message"] == "bad \"path\"\n\tnext\\line");
  CHECK(quoted["level"] == "warning");
  const auto binary = Format(spdlog::level::err, std::string_view("x\xff\xfe y", 5));
  CHECK(binary["level"] == "error");
  CHECK(std::string(binary["message"]).find('x') == 0);
  // Only whole keys count: "xrequest_id=" is no request id.
  CHECK_FALSE(Format(spdlog::level::info, "xrequest_id=1")["request_id"].is_string());
}

}  // namespace
}  // namespace champion
