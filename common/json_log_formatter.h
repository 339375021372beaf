#pragma once

// One JSON object per log line (--log_format=json), for log collectors:
//   {"time":"2026-12-04T21:15:02.123Z","level":"info","service":"api-gateway",
//    "message":"GET /stores 200 3ms request_id=... identity=token:dev",
//    "request_id":"...","identity":"token:dev"}
// request_id, identity and trace_id written as key=value in a message are also fields.

#include <memory>
#include <string>

#include "spdlog/formatter.h"

namespace champion {

class JsonLogFormatter final : public spdlog::formatter {
 public:
  explicit JsonLogFormatter(std::string service) : service_(std::move(service)) {}
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonLogFormatter>(service_);
  }

 private:
  std::string service_;
};

}  // namespace champion
