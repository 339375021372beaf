#include "service/proto_mapping.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/iso_date.h"

namespace champion::service {
namespace {

namespace pb = google::protobuf;

champion::v1::DemandPattern ToProto(engine::DemandPattern pattern) {
  switch (pattern) {
    case engine::DemandPattern::kSmooth:
      return champion::v1::DEMAND_PATTERN_SMOOTH;
    case engine::DemandPattern::kErratic:
      return champion::v1::DEMAND_PATTERN_ERRATIC;
    case engine::DemandPattern::kIntermittent:
      return champion::v1::DEMAND_PATTERN_INTERMITTENT;
    case engine::DemandPattern::kLumpy:
      return champion::v1::DEMAND_PATTERN_LUMPY;
    case engine::DemandPattern::kNoDemand:
      return champion::v1::DEMAND_PATTERN_NO_DEMAND;
  }
  return champion::v1::DEMAND_PATTERN_UNSPECIFIED;
}

pb::Value ToValue(const engine::ParamValue& value) {
  pb::Value out;
  struct Visitor {
    pb::Value* out;
    void operator()(std::monostate) const { out->set_null_value(pb::NULL_VALUE); }
    void operator()(double d) const { out->set_number_value(d); }
    void operator()(bool b) const { out->set_bool_value(b); }
    void operator()(const std::string& s) const { out->set_string_value(s); }
    void operator()(const std::vector<std::string>& list) const {
      auto* values = out->mutable_list_value();
      for (const auto& s : list) values->add_values()->set_string_value(s);
    }
  };
  std::visit(Visitor{&out}, value);
  return out;
}

absl::StatusOr<engine::ParamValue> FromValue(const std::string& field, const pb::Value& value) {
  switch (value.kind_case()) {
    case pb::Value::kNullValue:
    case pb::Value::KIND_NOT_SET:
      return engine::ParamValue{};
    case pb::Value::kNumberValue:
      return engine::ParamValue{value.number_value()};
    case pb::Value::kBoolValue:
      return engine::ParamValue{value.bool_value()};
    case pb::Value::kStringValue:
      return engine::ParamValue{value.string_value()};
    case pb::Value::kListValue: {
      std::vector<std::string> list;
      for (const auto& item : value.list_value().values()) {
        if (item.kind_case() != pb::Value::kStringValue) {
          return absl::InvalidArgumentError(
              absl::StrCat(field, ": lists may only hold strings (model types)"));
        }
        list.push_back(item.string_value());
      }
      return engine::ParamValue{std::move(list)};
    }
    case pb::Value::kStructValue:
      break;
  }
  return absl::InvalidArgumentError(absl::StrCat(field, ": nested objects are not accepted"));
}

}  // namespace

std::string FormatDate(absl::CivilDay day) { return FormatIsoDate(day); }

champion::v1::RankingMetric MetricToProto(engine::Metric metric) {
  const pb::EnumValueDescriptor* value = champion::v1::RankingMetric_descriptor()->FindValueByName(
      absl::AsciiStrToUpper(absl::StrCat("RANKING_METRIC_", engine::MetricName(metric))));
  return value == nullptr ? champion::v1::RANKING_METRIC_UNSPECIFIED
                          : static_cast<champion::v1::RankingMetric>(value->number());
}

std::optional<engine::Metric> MetricFromProto(champion::v1::RankingMetric metric) {
  const pb::EnumValueDescriptor* value =
      champion::v1::RankingMetric_descriptor()->FindValueByNumber(metric);
  if (value == nullptr) return std::nullopt;
  const std::string& name = value->name();
  const std::string prefix = "RANKING_METRIC_";
  if (name.rfind(prefix, 0) != 0) return std::nullopt;
  return engine::ParseMetric(absl::AsciiStrToLower(name.substr(prefix.size())));
}

namespace {

void SetNamedDoubles(const engine::PerMetric<double>& values, const char* suffix,
                     pb::Message* out) {
  const pb::Descriptor* descriptor = out->GetDescriptor();
  const pb::Reflection* reflection = out->GetReflection();
  for (engine::Metric metric : engine::kAllMetrics) {
    const pb::FieldDescriptor* field =
        descriptor->FindFieldByName(absl::StrCat(engine::MetricName(metric), suffix));
    // Every metric has its fields in v1.Metrics and v1.FoldMetricValues (proto_mapping_test
    // checks it).
    if (field != nullptr) reflection->SetDouble(out, field, values[metric]);
  }
}

}  // namespace

void SetMetricFields(const engine::PerMetric<double>& values, champion::v1::Metrics* out) {
  SetNamedDoubles(values, "", out);
}

void SetMetricFields(const engine::PerMetric<double>& values, champion::v1::FoldMetricValues* out) {
  SetNamedDoubles(values, "", out);
}

void SetStabilityFields(const engine::PerMetric<double>& stability, champion::v1::Metrics* out) {
  SetNamedDoubles(stability, "_stability", out);
}

absl::StatusOr<absl::CivilDay> ParseDate(const std::string& field, const std::string& text) {
  absl::StatusOr<absl::CivilDay> day = ParseIsoDate(text);
  if (!day.ok())
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", day.status().message()));
  return day;
}

pb::Struct ParamsToStruct(const engine::Params& params) {
  pb::Struct out;
  for (const auto& [name, value] : params) (*out.mutable_fields())[name] = ToValue(value);
  return out;
}

absl::StatusOr<engine::Params> StructToParams(const std::string& field, const pb::Struct& params) {
  engine::Params out;
  for (const auto& [name, value] : params.fields()) {
    auto converted = FromValue(absl::StrCat(field, ".", name), value);
    if (!converted.ok()) return converted.status();
    out.emplace(name, *std::move(converted));
  }
  return out;
}

void ToProto(const engine::ModelInfo& model, champion::v1::ModelInfo* out) {
  out->set_model_type(model.model_type);
  out->set_label(model.label);
  out->set_family(engine::ModelFamilyName(model.family));
  out->set_feature_aware(model.feature_aware);
  out->set_requires_extra(model.requires_extra);
  out->set_available(model.available);
  out->set_unavailable_reason(model.unavailable_reason);
  *out->mutable_default_params() = ParamsToStruct(model.default_params);
  for (const auto& spec : model.param_schema) {
    auto* p = out->add_param_schema();
    p->set_name(spec.name);
    p->set_type(engine::ParamTypeName(spec.type));
    if (spec.min) p->set_minimum(*spec.min);
    if (spec.max) p->set_maximum(*spec.max);
    p->set_exclusive_minimum(spec.min_exclusive);
    p->set_exclusive_maximum(spec.max_exclusive);
    for (const auto& v : spec.allowed_values) p->add_allowed_values(v);
    *p->mutable_default_value() = ToValue(spec.default_value);
    p->set_nullable(spec.nullable);
    p->set_description(spec.description);
  }
  out->set_supports_auto_predict(model.supports_auto_predict);
  out->set_description(model.description);
}

void ToProto(const engine::SplitConfig& split, champion::v1::SplitConfig* out) {
  out->set_strategy(split.strategy == engine::SplitStrategy::kSliding
                        ? champion::v1::SPLIT_STRATEGY_SLIDING
                        : champion::v1::SPLIT_STRATEGY_EXPANDING);
  out->set_n_splits(split.n_splits);
  out->set_min_train_size(split.min_train_size);
  out->set_gap(split.gap);
  out->set_horizon(split.horizon);
}

void ToProto(const engine::Availability& a, const engine::AvailabilityOptions& options,
             champion::v1::PairAvailability* out) {
  switch (a.status) {
    case engine::AvailabilityStatus::kReady:
      out->set_status(champion::v1::AVAILABILITY_STATUS_READY);
      break;
    case engine::AvailabilityStatus::kLimited:
      out->set_status(champion::v1::AVAILABILITY_STATUS_LIMITED);
      break;
    case engine::AvailabilityStatus::kUnusable:
      out->set_status(champion::v1::AVAILABILITY_STATUS_UNUSABLE);
      break;
  }
  if (a.first_date) out->set_first_date(FormatDate(*a.first_date));
  if (a.last_date) out->set_last_date(FormatDate(*a.last_date));
  out->set_observed_days(a.observed_days);
  out->set_expected_calendar_days(a.expected_calendar_days);
  out->set_coverage_ratio(a.coverage_ratio);
  out->set_missing_days(a.missing_days);
  out->set_zero_sale_days(a.zero_sale_days);
  if (a.promotion_days) out->set_promotion_days(*a.promotion_days);
  out->set_average_daily_demand(a.average_daily_demand);
  out->set_forecast_horizon(options.forecast_horizon);
  out->set_required_days_ready(a.required_days_ready);
  out->set_required_days_limited(a.required_days_limited);
  ToProto(a.recommended_split_config, out->mutable_recommended_split_config());
  for (const auto& w : a.warnings) out->add_warnings(w);
  out->set_reason(a.reason);
  if (a.demand) {
    out->set_demand_pattern(ToProto(a.demand->pattern));
    if (a.demand->adi) out->set_adi(*a.demand->adi);
    if (a.demand->cv2) out->set_cv2(*a.demand->cv2);
  }
  const engine::DemandPattern pattern =
      a.demand ? a.demand->pattern : engine::DemandPattern::kSmooth;
  for (const std::string& type : engine::RecommendedCandidateModelTypes(pattern)) {
    out->add_recommended_candidate_model_types(type);
  }
}

}  // namespace champion::service
