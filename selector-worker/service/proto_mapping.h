#pragma once

// Mapping between champion.v1 messages and engine / store value types. The only folder
// that sees both (docs/CONVENTIONS.md rule 1). Non-finite doubles are left as they are: the gateway
// prints them as null.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "champion/v1/selection.pb.h"
#include "engine/backtest/metrics.h"
#include "engine/models/model_catalog.h"
#include "engine/models/params.h"
#include "engine/series/availability.h"
#include "google/protobuf/struct.pb.h"

namespace champion::service {

//! "YYYY-MM-DD".
std::string FormatDate(absl::CivilDay day);

//! Parses a real calendar date "YYYY-MM-DD" (no normalisation: "2024-02-30" is an error).
//! InvalidArgument names `field`.
absl::StatusOr<absl::CivilDay> ParseDate(const std::string& field, const std::string& text);

//! Params -> Struct (numbers, bools, strings, null, lists of strings).
google::protobuf::Struct ParamsToStruct(const engine::Params& params);

//! Struct -> Params. InvalidArgument naming `field` for nested objects or lists that are
//! not all strings (no model param has that shape).
absl::StatusOr<engine::Params> StructToParams(const std::string& field,
                                              const google::protobuf::Struct& params);

//! A metric on the wire: RANKING_METRIC_<NAME> for the metric's table name.
champion::v1::RankingMetric MetricToProto(engine::Metric metric);

//! The metric of a wire value; nullopt for UNSPECIFIED or an unknown number.
std::optional<engine::Metric> MetricFromProto(champion::v1::RankingMetric metric);

//! Sets the field named after each metric (e.g. `wape`) of `out` (v1.Metrics, or a fold's
//! v1.FoldMetricValues) to its value, and with `stability`, the `<name>_stability` fields.
void SetMetricFields(const engine::PerMetric<double>& values, champion::v1::Metrics* out);
void SetMetricFields(const engine::PerMetric<double>& values, champion::v1::FoldMetricValues* out);
void SetStabilityFields(const engine::PerMetric<double>& stability, champion::v1::Metrics* out);

//! One catalog entry on the wire.
void ToProto(const engine::ModelInfo& model, champion::v1::ModelInfo* out);

//! The engine's split configuration on the wire (every field set).
void ToProto(const engine::SplitConfig& split, champion::v1::SplitConfig* out);

//! An availability report on the wire; store_id / product_id are left to the caller.
void ToProto(const engine::Availability& availability, const engine::AvailabilityOptions& options,
             champion::v1::PairAvailability* out);

}  // namespace champion::service
