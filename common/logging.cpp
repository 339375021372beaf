#include "common/logging.h"

#include "common/json_log_formatter.h"
#include "spdlog/sinks/stdout_color_sinks.h"
#include "spdlog/spdlog.h"

namespace champion {

bool IsLogFormat(const std::string& format) { return format == "text" || format == "json"; }

void InitLogging(const LoggingOptions& options) {
  auto logger = spdlog::stderr_color_mt(options.name);
  if (options.format == "json") {
    logger->set_formatter(std::make_unique<JsonLogFormatter>(options.name));
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ [%n] %v");
  }
  logger->set_level(spdlog::level::from_str(options.level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

void LogCredentialsReload(const char* why, const absl::Status& status) {
  if (status.ok()) {
    spdlog::info("credentials re-read ({})", why);
  } else {
    spdlog::error("credentials not re-read ({}), the previous ones stay in force: {}", why,
                  std::string(status.message()));
  }
}

}  // namespace champion
