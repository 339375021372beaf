#include "service/request_validation.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/iso_date.h"
#include "common/status_codes.h"
#include "service/proto_mapping.h"
#include "service/request_limits.h"

namespace champion::service {
namespace {

constexpr int kMaxHorizon = 90;

void CheckId(const char* field, int64_t id, std::vector<FieldViolation>& out) {
  CheckRequiredId(out, field, id);
}

absl::Status Result(std::vector<FieldViolation> violations) {
  if (violations.empty()) return absl::OkStatus();
  std::string message = "invalid request: ";
  for (size_t i = 0; i < violations.size(); ++i) {
    absl::StrAppend(&message, i ? "; " : "", violations[i].field, " ", violations[i].description);
  }
  return InvalidFields(message, std::move(violations));
}

}  // namespace

void CheckRequiredId(std::vector<FieldViolation>& out, const std::string& field, int64_t id) {
  if (id == 0) {
    out.push_back({field, "is required"});
  } else if (id < 0) {
    out.push_back({field, absl::StrCat("must be >= 1 (got ", id, ")")});
  }
}

absl::StatusOr<engine::AvailabilityOptions> ValidateAvailabilityRequest(
    const champion::v1::GetAvailabilityRequest& request) {
  std::vector<FieldViolation> violations;
  CheckId("store_id", request.store_id(), violations);
  CheckId("product_id", request.product_id(), violations);
  engine::AvailabilityOptions options;
  if (request.has_forecast_horizon()) options.forecast_horizon = request.forecast_horizon();
  if (options.forecast_horizon < 1 || options.forecast_horizon > kMaxHorizon) {
    violations.push_back({"forecast_horizon", absl::StrCat("must be in 1..", kMaxHorizon, " (got ",
                                                           options.forecast_horizon, ")")});
  }
  const auto& split = request.split_config();
  if (split.has_n_splits()) options.n_splits = split.n_splits();
  if (split.has_min_train_size()) options.min_train_size = split.min_train_size();
  if (options.n_splits < 2 || options.n_splits > 20) {
    violations.push_back(
        {"split_config.n_splits", absl::StrCat("must be in 2..20 (got ", options.n_splits, ")")});
  }
  if (options.min_train_size < 7) {
    violations.push_back({"split_config.min_train_size",
                          absl::StrCat("must be >= 7 (got ", options.min_train_size, ")")});
  }
  if (split.has_horizon() && split.horizon() != options.forecast_horizon) {
    violations.push_back({"split_config.horizon", "must equal forecast_horizon"});
  }
  if (auto status = Result(std::move(violations)); !status.ok()) return status;
  return options;
}

namespace {

// Two optional ISO dates, the second not before the first.
DayRange CheckDayRange(const char* from_field, const std::string& from_text, const char* to_field,
                       const std::string& to_text, std::vector<FieldViolation>& violations) {
  DayRange range;
  for (const auto& [field, text, slot] : {std::tuple{from_field, &from_text, &range.from},
                                          std::tuple{to_field, &to_text, &range.to}}) {
    if (text->empty()) continue;
    auto day = ParseIsoDate(*text);  // The violation names the field itself.
    if (!day.ok()) {
      violations.push_back({field, std::string(day.status().message())});
    } else {
      *slot = *day;
    }
  }
  if (range.from && range.to && *range.from > *range.to) {
    violations.push_back({to_field, absl::StrCat("must not be before ", from_field)});
  }
  return range;
}

}  // namespace

absl::Status ValidateGetSalesRequest(const champion::v1::GetSalesRequest& request) {
  std::vector<FieldViolation> violations;
  CheckId("store_id", request.store_id(), violations);
  CheckId("product_id", request.product_id(), violations);
  CheckDayRange("start_date", request.start_date(), "end_date", request.end_date(), violations);
  return Result(std::move(violations));
}

absl::StatusOr<DayRange> ValidateListRunsRequest(const champion::v1::ListRunsRequest& request) {
  std::vector<FieldViolation> violations;
  DayRange range = CheckDayRange("created_from", request.created_from(), "created_to",
                                 request.created_to(), violations);
  if (auto status = Result(std::move(violations)); !status.ok()) return status;
  return range;
}

absl::Status ValidateSearch(const std::string& search) {
  if (search.size() > kMaxSearchBytes) {
    return Result({{"search", absl::StrCat("must be at most ", kMaxSearchBytes, " bytes (got ",
                                           search.size(), ")")}});
  }
  for (char c : search) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Result({{"search", "must not contain control characters"}});
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int> PageSize(int page_size, int default_size, int max_page_size) {
  if (page_size < 0) {
    return Result({{"page_size", absl::StrCat("must not be negative (got ", page_size, ")")}});
  }
  if (page_size == 0) return default_size;
  return std::min(page_size, max_page_size);
}

}  // namespace champion::service
