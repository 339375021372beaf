#include "service/run_request_validation.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/iso_date.h"
#include "common/status_codes.h"
#include "service/proto_mapping.h"
#include "service/request_limits.h"
#include "service/request_validation.h"

namespace champion::service {
namespace {

namespace v1 = champion::v1;
using Violations = std::vector<FieldViolation>;

void CheckRange(Violations& out, const char* field, int64_t value, int64_t lo, int64_t hi) {
  if (value < lo || value > hi) {
    out.push_back({field, absl::StrCat("must be in ", lo, "..", hi, " (got ", value, ")")});
  }
}

// UNSPECIFIED (and, after CheckEnum, nothing else) means the default, WAPE.
engine::RankingMetric ToEngine(v1::RankingMetric metric) {
  return MetricFromProto(metric).value_or(engine::Metric::kWape);
}

engine::FillMissingDays ToEngine(v1::FillMissingDays fill) {
  switch (fill) {
    case v1::FILL_MISSING_DAYS_ZERO:
      return engine::FillMissingDays::kZero;
    case v1::FILL_MISSING_DAYS_LINEAR:
      return engine::FillMissingDays::kLinear;
    default:
      return engine::FillMissingDays::kNone;
  }
}

void CheckEnum(Violations& out, const char* field, bool valid) {
  if (!valid) out.push_back({field, "is not a known value"});
}

void ValidateWindow(const v1::RunSelectionRequest& r, runs::SelectionSpec& spec, Violations& out) {
  if (!r.has_selection_window()) return;
  const auto& w = r.selection_window();
  for (const auto& [field, text, slot] :
       {std::tuple{"selection_window.start_date", &w.start_date(), &spec.window_start},
        std::tuple{"selection_window.end_date", &w.end_date(), &spec.window_end}}) {
    if (text->empty()) continue;
    auto day = ParseIsoDate(*text);  // The violation names the field itself.
    if (day.ok()) {
      *slot = *day;
    } else {
      out.push_back({field, std::string(day.status().message())});
    }
  }
  if (spec.window_start && spec.window_end && *spec.window_end <= *spec.window_start) {
    out.push_back({"selection_window.end_date", "must be after selection_window.start_date"});
  }
}

void ValidateSplit(const v1::RunSelectionRequest& r, runs::SelectionSpec& spec, Violations& out) {
  const auto& s = r.split_config();
  CheckEnum(out, "split_config.strategy", v1::SplitStrategy_IsValid(s.strategy()));
  auto& split = spec.split;
  split.strategy = s.strategy() == v1::SPLIT_STRATEGY_SLIDING ? engine::SplitStrategy::kSliding
                                                              : engine::SplitStrategy::kExpanding;
  if (s.has_n_splits()) split.n_splits = s.n_splits();
  if (s.has_min_train_size()) split.min_train_size = s.min_train_size();
  if (s.has_gap()) split.gap = s.gap();
  split.horizon = s.has_horizon() ? s.horizon() : spec.forecast_horizon;
  CheckRange(out, "split_config.n_splits", split.n_splits, 2, 20);
  CheckRange(out, "split_config.min_train_size", split.min_train_size, 7, 100000);
  CheckRange(out, "split_config.gap", split.gap, 0, 30);
  const bool horizon_valid = spec.forecast_horizon >= 1 && spec.forecast_horizon <= 90;
  if (s.has_horizon() && s.horizon() != spec.forecast_horizon) {
    if (horizon_valid) {  // Else forecast_horizon's own violation says it all.
      out.push_back(
          {"split_config.horizon", absl::StrCat("must equal forecast_horizon (",
                                                spec.forecast_horizon, "), got ", s.horizon())});
    }
  } else if (horizon_valid && split.gap >= split.horizon) {
    out.push_back({"split_config.gap", "must be smaller than the horizon"});
  }
}

void ValidatePolicy(const v1::RunSelectionRequest& r, runs::SelectionSpec& spec, Violations& out) {
  const auto& p = r.ranking_policy();
  auto& policy = spec.policy;
  if (p.has_minimum_sample_size()) {
    if (p.minimum_sample_size() < 0 || p.minimum_sample_size() > 1'000'000'000) {
      out.push_back({"ranking_policy.minimum_sample_size", "must be >= 0"});
    } else {
      policy.minimum_sample_size = static_cast<int>(p.minimum_sample_size());
    }
  }
  if (p.has_high_confidence_rel_improvement()) {
    const double v = p.high_confidence_rel_improvement();
    if (!(v >= 0 && v <= 1)) {
      out.push_back({"ranking_policy.high_confidence_rel_improvement", "must be in 0..1"});
    }
    policy.high_confidence_rel_improvement = v;
  }
  if (p.has_max_acceptable_abs_bias()) {
    const double v = p.max_acceptable_abs_bias();
    if (!(v >= 0) || std::isinf(v)) {
      out.push_back({"ranking_policy.max_acceptable_abs_bias", "must be a finite number >= 0"});
    }
    policy.max_acceptable_abs_bias = v;
  }
}

// Sizes only: what a param means is the model's business (a bad one fails the candidate).
bool CheckParamSizes(const std::string& prefix, const google::protobuf::Struct& params,
                     Violations& out) {
  const std::size_t before = out.size();
  if (params.fields_size() > kMaxParamsPerCandidate) {
    out.push_back({prefix, absl::StrCat("must hold at most ", kMaxParamsPerCandidate, " params")});
    return false;
  }
  for (const auto& [name, value] : params.fields()) {
    if (name.size() > kMaxParamNameBytes || !IsPrintableAscii(name)) {
      out.push_back({prefix, absl::StrCat("param name ", Echo(name), " must be 1..",
                                          kMaxParamNameBytes, " printable ASCII characters")});
      continue;
    }
    const std::string field = absl::StrCat(prefix, ".", name);
    if (value.has_string_value() && value.string_value().size() > kMaxParamStringBytes) {
      out.push_back({field, absl::StrCat("must be at most ", kMaxParamStringBytes, " bytes")});
    }
    if (value.has_list_value()) {
      const auto& items = value.list_value().values();
      if (items.size() > kMaxParamListItems) {
        out.push_back({field, absl::StrCat("must hold at most ", kMaxParamListItems, " items")});
      }
      for (const auto& item : items) {
        if (item.has_string_value() && item.string_value().size() > kMaxParamStringBytes) {
          out.push_back(
              {field, absl::StrCat("items must be at most ", kMaxParamStringBytes, " bytes")});
          break;
        }
      }
    }
  }
  return out.size() == before;
}

// Empty keeps the defaults; otherwise 1..kMaxQuantileLevels distinct levels, kept sorted.
void ValidateQuantileLevels(const v1::RunSelectionRequest& r, runs::SelectionSpec& spec,
                            Violations& out) {
  if (r.quantile_levels_size() == 0) return;
  if (r.quantile_levels_size() > kMaxQuantileLevels) {
    out.push_back(
        {"quantile_levels", absl::StrCat("must hold at most ", kMaxQuantileLevels, " levels (got ",
                                         r.quantile_levels_size(), ")")});
    return;
  }
  std::vector<double> levels(r.quantile_levels().begin(), r.quantile_levels().end());
  for (double level : levels) {
    if (!(level >= kMinQuantileLevel && level <= 1.0 - kMinQuantileLevel)) {  // NaN fails too
      out.push_back(
          {"quantile_levels", absl::StrCat("must be within [", kMinQuantileLevel, ", ",
                                           1.0 - kMinQuantileLevel, "] (got ", level, ")")});
      return;
    }
  }
  std::sort(levels.begin(), levels.end());
  if (std::adjacent_find(levels.begin(), levels.end()) != levels.end()) {
    out.push_back({"quantile_levels", "must not repeat a level"});
    return;
  }
  spec.quantile_levels = std::move(levels);
}

void ValidateCandidates(const v1::RunSelectionRequest& r, runs::SelectionSpec& spec,
                        Violations& out) {
  const int n = r.candidate_models_size();
  if (n == 0) {
    out.push_back({"candidate_models", "is required"});
  } else if (n > kMaxCandidates) {
    out.push_back({"candidate_models",
                   absl::StrCat("must hold 1..", kMaxCandidates, " candidates (got ", n, ")")});
  }
  if (n > kMaxCandidates) return;  // one clear problem; the rest would only repeat it
  for (int i = 0; i < n; ++i) {
    const auto& c = r.candidate_models(i);
    const std::string prefix = absl::StrCat("candidate_models[", i, "]");
    if (c.model_type().empty()) {
      out.push_back({prefix + ".model_type", "is required"});
    } else if (c.model_type().size() > kMaxModelTypeBytes || !IsPrintableAscii(c.model_type())) {
      out.push_back({prefix + ".model_type",
                     absl::StrCat(Echo(c.model_type()), " is not a model type (at most ",
                                  kMaxModelTypeBytes, " printable ASCII characters)")});
    }
    if (!CheckParamSizes(prefix + ".params", c.params(), out)) continue;
    auto params = StructToParams(prefix + ".params", c.params());
    if (!params.ok()) {
      out.push_back({prefix + ".params", std::string(params.status().message())});
      continue;
    }
    // The same model with the same params twice would be one column twice in every chart
    // and ranking: almost certainly a mistake in the request.
    for (std::size_t j = 0; j < spec.candidates.size(); ++j) {
      if (spec.candidates[j].model_type == c.model_type() && spec.candidates[j].params == *params) {
        out.push_back({prefix, absl::StrCat("duplicates candidate_models[", j,
                                            "] (same model_type and params)")});
        break;
      }
    }
    spec.candidates.push_back({c.model_type(), *std::move(params)});
  }
}

}  // namespace

absl::StatusOr<runs::SelectionSpec> ValidateRunRequest(const v1::RunSelectionRequest& r) {
  Violations out;
  runs::SelectionSpec spec;
  spec.store_id = r.store_id();
  spec.product_id = r.product_id();
  CheckRequiredId(out, "store_id", r.store_id());
  CheckRequiredId(out, "product_id", r.product_id());
  spec.forecast_horizon = r.forecast_horizon();
  if (r.forecast_horizon() == 0) {
    out.push_back({"forecast_horizon", "is required"});
  } else {
    CheckRange(out, "forecast_horizon", r.forecast_horizon(), 1, 90);
  }
  ValidateWindow(r, spec, out);
  CheckEnum(out, "ranking_metric", v1::RankingMetric_IsValid(r.ranking_metric()));
  spec.ranking_metric = ToEngine(r.ranking_metric());
  CheckEnum(out, "fill_missing_days", v1::FillMissingDays_IsValid(r.fill_missing_days()));
  spec.fill_missing = ToEngine(r.fill_missing_days());
  ValidateSplit(r, spec, out);
  ValidatePolicy(r, spec, out);
  spec.feature_frame_version = r.feature_frame_version() == 0 ? 1 : r.feature_frame_version();
  CheckRange(out, "feature_frame_version", r.feature_frame_version(), 0, 2);
  if (r.feature_groups_size() > 0 && spec.feature_frame_version != 2) {
    out.push_back({"feature_groups", "requires feature_frame_version 2"});
  }
  if (r.feature_groups_size() > kMaxFeatureGroups) {
    out.push_back({"feature_groups", absl::StrCat("must hold at most ", kMaxFeatureGroups,
                                                  " names (got ", r.feature_groups_size(), ")")});
  }
  for (const std::string& group : r.feature_groups()) {
    if (group.size() > kMaxFeatureGroupBytes || !IsPrintableAscii(group)) {
      out.push_back({"feature_groups", absl::StrCat(Echo(group), " is not a feature group name")});
      break;
    }
  }
  spec.feature_groups.assign(r.feature_groups().begin(), r.feature_groups().end());
  spec.auto_train_winner = r.auto_train_winner();
  spec.auto_predict = r.auto_predict();
  if (r.auto_predict() && !r.auto_train_winner()) {
    out.push_back({"auto_predict", "requires auto_train_winner"});
  }
  if (r.request_id().size() > kMaxRequestIdBytes || !IsPrintableAscii(r.request_id())) {
    out.push_back({"request_id", absl::StrCat("must be at most ", kMaxRequestIdBytes,
                                              " printable ASCII characters")});
  }
  spec.request_id = r.request_id();
  ValidateQuantileLevels(r, spec, out);
  ValidateCandidates(r, spec, out);
  if (out.empty()) return spec;
  std::string message = "invalid run request: ";
  for (size_t i = 0; i < out.size(); ++i) {
    absl::StrAppend(&message, i ? "; " : "", out[i].field, " ", out[i].description);
  }
  return InvalidFields(message, std::move(out));
}

}  // namespace champion::service
